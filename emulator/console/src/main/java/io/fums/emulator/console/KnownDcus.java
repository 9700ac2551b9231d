package io.fums.emulator.console;

import io.fums.api.device.DeviceId;
import io.fums.cloud.mqtt.internal.Topics;
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

    /** How long the retained states may take to arrive (they come right after the subscription). */
    static final Duration WAIT = Duration.ofMillis(1500);

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
        Set<String> wanted = ConcurrentHashMap.newKeySet();
        wanted.addAll(dcus);
        Set<String> known = ConcurrentHashMap.newKeySet();
        CountDownLatch all = new CountDownLatch(1);
        String filter = Topics.PREFIX + "/+/state";
        client.subscribe(filter, (topic, m, check) -> {
            String dcu = topic.split("/")[2];
            if (m.getPayload().length > 0) {
                known.add(dcu);
            }
            if (wanted.remove(dcu) && wanted.isEmpty()) {
                all.countDown();
            }
        });
        try {
            if (all.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } finally {
            client.unsubscribe(filter);
        }
        String missing = new TreeSet<>(wanted).first();
        if (known.isEmpty()) {
            throw new ConsoleException(ConsoleErrors.USAGE, "no DCU '" + missing + "': no DCU has a state on this "
                    + "broker; is it the DCUs' broker? check --broker");
        }
        List<String> names = new TreeSet<>(known).stream().limit(LISTED).toList();
        throw new ConsoleException(ConsoleErrors.USAGE, "no DCU '" + missing + "'; known: " + String.join(", ", names)
                + (known.size() > LISTED ? " and " + (known.size() - LISTED) + " more (fums-console dcus)" : ""));
    }
}
