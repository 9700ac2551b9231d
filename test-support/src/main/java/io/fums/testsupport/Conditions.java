package io.fums.testsupport;

import java.time.Duration;
import java.util.concurrent.Callable;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waiting on conditions in tests, with the project's defaults: the condition is
 * polled in the calling thread, first at once, then every {@link #POLL}, for at
 * most {@link #TIMEOUT} unless a test names its own bound. A test waits for what
 * it needs to be true, never for a fixed time.
 *
 * <pre>
 * Conditions.await("the read is queued").until(() -&gt; link.queued() == 1);
 * Conditions.await(Duration.ofSeconds(60)).untilAsserted(() -&gt; assertThat(...));
 * </pre>
 */
public final class Conditions {

    /** How often a condition is polled. */
    public static final Duration POLL = Duration.ofMillis(20);

    /** How long a condition may take unless the test says otherwise. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Conditions() {
    }

    /** A wait of at most {@link #TIMEOUT}. */
    public static ConditionFactory await() {
        return await(TIMEOUT);
    }

    /** A wait of at most {@link #TIMEOUT}, named in its failure message. */
    public static ConditionFactory await(String what) {
        return await().alias(what);
    }

    /** A wait of at most {@code timeout}. */
    public static ConditionFactory await(Duration timeout) {
        return Awaitility.with()
                .pollInSameThread()
                .pollDelay(Duration.ZERO)
                .pollInterval(POLL)
                .atMost(timeout);
    }

    /** A wait of at most {@code timeout}, named in its failure message. */
    public static ConditionFactory await(String what, Duration timeout) {
        return await(timeout).alias(what);
    }

    /**
     * Whether {@code condition} came true within {@code timeout}, for a test that
     * reports the outcome itself (for example with a message built from the
     * state it then inspects). An exception of the condition counts as "not yet".
     */
    public static boolean within(Duration timeout, Callable<Boolean> condition) {
        return within(timeout, POLL, condition);
    }

    /** {@link #within(Duration, Callable)}, polling every {@code pollInterval} (for a costly condition). */
    public static boolean within(Duration timeout, Duration pollInterval, Callable<Boolean> condition) {
        try {
            await(timeout).pollInterval(pollInterval).ignoreExceptions().until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }
}
