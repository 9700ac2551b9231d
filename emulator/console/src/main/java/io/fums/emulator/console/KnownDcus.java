package io.fums.emulator.console;

import io.fums.api.device.DeviceId;
import io.fums.cloud.mqtt.client.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Checks that the DCUs a command names exist before anything is sent: a DCU that ever reached the broker has a
 * retained state ({@code fums/v1/<dcu>/state}), so a typo is answered at once ("no DCU 'X'; known: ...") instead of
 * after the response timeout.
 */
final class KnownDcus {

    /**
     * How long a named DCU's retained state may take to arrive: a broker sends it right after the subscription is
     * acknowledged, but a loaded console or broker may take a while to deliver it.
     */
    static final Duration WAIT = Duration.ofSeconds(3);

    /** How long the list of known DCUs is gathered, only when a DCU is unknown (the error path). */
    static final Duration LIST_WAIT = Duration.ofMillis(1000);

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
        // only the named DCUs' states: a fleet's broker holds thousands of them
        Set<String> wanted = ConcurrentHashMap.newKeySet();
        wanted.addAll(dcus);
        CountDownLatch all = new CountDownLatch(wanted.isEmpty() ? 0 : 1);
        List<String> filters = wanted.stream().map(d -> Topics.PREFIX + "/" + d + "/state").toList();
        try {
            for (String filter : filters) {
                client.subscribe(filter, (topic, m, check) -> {
                    if (m.getPayload().length > 0 && wanted.remove(topic.split("/")[2]) && wanted.isEmpty()) {
                        all.countDown();
                    }
                });
            }
            if (all.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } finally {
            filters.forEach(client::unsubscribe);
        }
        throw new ConsoleException(ConsoleErrors.USAGE, unknown(client, new TreeSet<>(wanted).first()));
    }

    /** "no DCU 'X'; known: ...", from every retained state on the broker (names only, the payloads dropped). */
    private static String unknown(ConsoleClient client, String missing) throws ConsoleException, InterruptedException {
        Set<String> known = ConcurrentHashMap.newKeySet();
        String filter = Topics.PREFIX + "/+/state";
        client.subscribe(filter, (topic, m, check) -> {
            if (m.getPayload().length > 0) {
                known.add(topic.split("/")[2]);
            }
        });
        try {
            Thread.sleep(LIST_WAIT.toMillis()); // gathering for a fixed time is the point: no message says "that was all"
        } finally {
            client.unsubscribe(filter);
        }
        if (known.isEmpty()) {
            return "no DCU '" + missing + "': no DCU has a state on this broker; is it the DCUs' broker? check --broker";
        }
        List<String> names = new TreeSet<>(known).stream().limit(LISTED).toList();
        return "no DCU '" + missing + "'; known: " + String.join(", ", names)
                + (known.size() > LISTED ? " and " + (known.size() - LISTED) + " more (fums-console dcus)" : "");
    }
}
