package io.fums.emulator.console;

import io.fums.api.device.DeviceId;
import io.fums.cloud.mqtt.client.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Checks that the DCUs a command names exist before anything is sent: a DCU that ever reached the broker has a
 * retained state ({@code fums/v1/<dcu>/state}), so a typo is answered at once ("no DCU 'X'; known: ...") instead of
 * after the response timeout.
 */
final class KnownDcus {

    /**
     * How long a named DCU's retained state may take to arrive at most: a broker sends it right after the
     * subscription is acknowledged, but a loaded console or broker may take a while to deliver it.
     */
    static final Duration WAIT = Duration.ofSeconds(3);

    /** The named DCUs' states usually arrive within milliseconds; after this the known DCUs are gathered too. */
    static final Duration FIRST = Duration.ofMillis(500);

    /**
     * The retained states of a wildcard subscription come in one burst after its acknowledgement: once some came
     * and none for this long, the burst is over (no message says "that was all").
     */
    static final Duration QUIET = Duration.ofMillis(300);

    private static final int LISTED = 10;

    private KnownDcus() {
    }

    /** Returns normally if every DCU has a retained state; else says which is unknown and which are known. */
    static void require(ConsoleClient client, Collection<String> dcus) throws ConsoleException, InterruptedException {
        for (String dcu : dcus) {
            if (!DeviceId.isValid(dcu)) {
                throw new ConsoleException(ConsoleErrors.USAGE, "'" + dcu + "' is not a DCU id (1 to 64 characters of "
                        + "A-Z a-z 0-9 . _ -); see fums-console dcus");
            }
        }
        // first only the named DCUs' states: a fleet's broker holds thousands of them
        Set<String> wanted = ConcurrentHashMap.newKeySet();
        wanted.addAll(dcus);
        CountDownLatch all = new CountDownLatch(wanted.isEmpty() ? 0 : 1);
        List<String> filters = new ArrayList<>(wanted.stream().map(d -> Topics.PREFIX + "/" + d + "/state").toList());
        long start = System.nanoTime();
        try {
            for (String filter : filters) {
                client.subscribe(filter, (topic, m, check) -> found(wanted, all, topic, m));
            }
            if (all.await(FIRST.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            // a name not there yet: gather every DCU's name (payloads dropped) until the named ones came, or the
            // burst of retained states is over, or WAIT passed
            Set<String> known = ConcurrentHashMap.newKeySet();
            AtomicLong last = new AtomicLong();
            String every = Topics.PREFIX + "/+/state";
            filters.add(every);
            client.subscribe(every, (topic, m, check) -> {
                if (m.getPayload().length > 0) {
                    last.set(System.nanoTime());
                    known.add(topic.split("/")[2]);
                }
                found(wanted, all, topic, m);
            });
            long deadline = start + WAIT.toNanos();
            while (!all.await(20, TimeUnit.MILLISECONDS)) {
                long now = System.nanoTime();
                boolean quiet = !known.isEmpty() && now - last.get() >= QUIET.toNanos();
                if (quiet || now - deadline >= 0) {
                    throw new ConsoleException(ConsoleErrors.USAGE, unknown(new TreeSet<>(wanted).first(), known));
                }
            }
        } finally {
            filters.forEach(client::unsubscribe);
        }
    }

    private static void found(Set<String> wanted, CountDownLatch all, String topic, MqttMessage m) {
        if (m.getPayload().length > 0 && wanted.remove(topic.split("/")[2]) && wanted.isEmpty()) {
            all.countDown();
        }
    }

    /** "no DCU 'X'; known: ...", from the retained states gathered. */
    private static String unknown(String missing, Set<String> known) {
        if (known.isEmpty()) {
            return "no DCU '" + missing + "': no DCU has a state on this broker; is it the DCUs' broker? check --broker";
        }
        List<String> names = new TreeSet<>(known).stream().limit(LISTED).toList();
        return "no DCU '" + missing + "'; known: " + String.join(", ", names)
                + (known.size() > LISTED ? " and " + (known.size() - LISTED) + " more (fums-console dcus)" : "");
    }
}
