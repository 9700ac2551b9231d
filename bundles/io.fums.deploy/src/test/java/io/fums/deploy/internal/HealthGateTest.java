package io.fums.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A component's activation failure becomes one line for people (the swap's
 * message, the console, the demo's story); the whole trace is for the log.
 */
@Tag("UMS-3")
class HealthGateTest {

    private static String trace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    @Test
    void aWrappedActivationFailureIsReducedToItsRootCauseOnOneLine() {
        String trace = trace(new InvocationTargetException(
                new IllegalStateException("leaf 3.1.0 refuses to activate (test fixture)", new RuntimeException("disk full"))));
        assertThat(trace.lines().count()).as("a real trace has many lines").isGreaterThan(5);

        assertThat(HealthGate.rootCause(trace)).isEqualTo("java.lang.RuntimeException: disk full");
    }

    @Test
    void aTraceWithoutCauseGivesItsFirstLine() {
        String trace = trace(new IllegalStateException("leaf 3.1.0 refuses to activate (test fixture)"));

        assertThat(HealthGate.rootCause(trace)).isEqualTo("java.lang.IllegalStateException: leaf 3.1.0 refuses to activate (test fixture)");
    }

    @Test
    void aHugeOrMissingReasonStaysShort() {
        assertThat(HealthGate.rootCause(null)).isEqualTo("no reason given");
        assertThat(HealthGate.rootCause("  \n ")).isEqualTo("no reason given");
        String line = HealthGate.rootCause("java.lang.Error: " + "x".repeat(10_000) + "\n\tat a.B.c(B.java:1)");
        assertThat(line).hasSize(300).doesNotContain("\n").startsWith("java.lang.Error: xxx");
    }
}
