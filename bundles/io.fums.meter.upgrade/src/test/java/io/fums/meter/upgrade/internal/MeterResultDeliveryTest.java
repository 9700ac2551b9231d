package io.fums.meter.upgrade.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.error.ErrorCode;
import io.fums.meter.upgrade.CampaignListener;
import io.fums.meter.upgrade.MeterJob;
import io.fums.meter.upgrade.UpgradeState;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meter results reach the listeners at least once (issue 12 item 2, the fault
 * soak's "no result event at the console"): the process killed between the
 * journal's final move and the listener's durable commit (the outbox), or no
 * listener able to record it (none bound yet after a restart, no cloud link),
 * loses no result: the agent reports every unreported result again. Each
 * interleaving is driven step by step (no timer): the "kill" is a restart on
 * the same database without any shutdown.
 */
@Tag("UMS-3")
@Tag("ARC-4")
class MeterResultDeliveryTest {

    @TempDir
    Path dir;

    /** A listener standing for the cloud link's outbox: records every call and answers with the stage it is told to. */
    private static final class Outbox implements CampaignListener {
        final List<MeterJob> heard = Collections.synchronizedList(new ArrayList<>());
        final Function<MeterJob, CompletionStage<?>> answer;

        Outbox(Function<MeterJob, CompletionStage<?>> answer) {
            this.answer = answer;
        }

        @Override
        public CompletionStage<?> meterResult(MeterJob job) {
            heard.add(job);
            return answer.apply(job);
        }

        List<String> meters() {
            synchronized (heard) {
                return heard.stream().map(j -> j.meterId() + " " + j.state()).toList();
            }
        }
    }

    private static CampaignEvents events(UpgradeJournal journal, CampaignListener listener) {
        CampaignEvents e = new CampaignEvents(id -> null, listener, journal, false);
        journal.onMove(e::moved);
        return e;
    }

    private static void toSucceeded(UpgradeJournal j, String meter) throws Exception {
        for (UpgradeState s : List.of(UpgradeState.INITIATED, UpgradeState.TRANSFERRING, UpgradeState.TRANSFERRED,
                UpgradeState.VERIFYING, UpgradeState.VERIFIED, UpgradeState.ACTIVATION_SCHEDULED, UpgradeState.ACTIVATING,
                UpgradeState.SELF_TEST, UpgradeState.SUCCEEDED)) {
            j.move("c1", meter, s, null, "to " + s);
        }
    }

    @Test
    void aResultJournalledButKilledBeforeItsEventWasDurableIsReportedAfterTheRestartAndOnlyThat() throws Exception {
        try (ClosableDatabase db = Stores.openDatabase(dir)) {
            UpgradeJournal j = new UpgradeJournal(db, Clock.systemUTC());
            j.enrol("c1", List.of("m1", "m2", "m3", "m4"));
            // m3: made durable by the listener and marked reported
            Outbox durable = new Outbox(job -> CompletableFuture.completedStage(null));
            CampaignEvents live = events(j, durable);
            live.tick(); // the start-up redelivery: nothing unreported yet
            j.move("c1", "m3", UpgradeState.FAILED, ErrorCode.METER_SELF_CHECK_FAILED, "self check failed");
            j.move("c1", "m3", UpgradeState.REVERTED, null, "back on its old image");
            live.tick();
            assertThat(j.unreported()).isEmpty();
            // m1: SIGKILL right after the journal commit, before the listener heard of it
            j.onMove(job -> { });
            toSucceeded(j, "m1");
            // m2: the listener heard it, the kill came before its outbox commit (the stage never completes)
            Outbox dying = new Outbox(job -> new CompletableFuture<>());
            events(j, dying);
            j.move("c1", "m2", UpgradeState.CANCELLED, null, "cancelled before any contact");
            // m4: still under way
            j.move("c1", "m4", UpgradeState.INITIATED, null, "initiated");
            assertThat(dying.meters()).containsExactly("m2 CANCELLED");
            assertThat(durable.meters()).containsExactly("m3 REVERTED");
        } // killed: no close of the events, nothing flushed

        Outbox after = new Outbox(job -> CompletableFuture.completedStage(null));
        try (ClosableDatabase db = Stores.openDatabase(dir)) {
            UpgradeJournal j = new UpgradeJournal(db, Clock.systemUTC());
            assertThat(j.unreported()).extracting(MeterJob::meterId).containsExactlyInAnyOrder("m1", "m2");
            CampaignEvents restarted = events(j, after);
            restarted.tick(); // the first tick after a start reports what is unreported
            assertThat(after.meters()).containsExactlyInAnyOrder("m1 SUCCEEDED", "m2 CANCELLED");
            restarted.tick(); // marks them reported
            assertThat(j.unreported()).isEmpty();
        } // killed again

        try (ClosableDatabase db = Stores.openDatabase(dir)) {
            UpgradeJournal j = new UpgradeJournal(db, Clock.systemUTC());
            Outbox third = new Outbox(job -> CompletableFuture.completedStage(null));
            events(j, third).tick();
            assertThat(third.meters()).as("results made durable are not reported again").isEmpty();
        }
    }

    @Test
    void aResultNoListenerCouldRecordIsReportedAgainUntilOneDoesAndOneOnItsWayIsNotDuplicated() throws Exception {
        try (ClosableDatabase db = Stores.openDatabase(dir)) {
            UpgradeJournal j = new UpgradeJournal(db, Clock.systemUTC());
            j.enrol("c1", List.of("m1", "m2"));
            List<CompletableFuture<Object>> commits = Collections.synchronizedList(new ArrayList<>());
            boolean[] linkUp = {false};
            Outbox outbox = new Outbox(job -> {
                if (!linkUp[0]) {
                    return CompletableFuture.failedStage(new IllegalStateException("the cloud link is not running"));
                }
                CompletableFuture<Object> commit = new CompletableFuture<>();
                commits.add(commit);
                return commit;
            });
            CampaignEvents events = events(j, outbox);
            events.tick(); // the start-up redelivery: nothing unreported yet
            toSucceeded(j, "m1");
            assertThat(outbox.meters()).containsExactly("m1 SUCCEEDED");

            linkUp[0] = true;
            events.redeliverSoon(); // a listener came
            events.tick();
            assertThat(outbox.meters()).containsExactly("m1 SUCCEEDED", "m1 SUCCEEDED");
            j.move("c1", "m2", UpgradeState.CANCELLED, null, "cancelled before any contact");
            for (int i = 0; i < 2 * CampaignEvents.REDELIVER_TICKS; i++) {
                events.tick();
            }
            assertThat(outbox.meters()).as("results on their way to the outbox are not handed again")
                    .containsExactly("m1 SUCCEEDED", "m1 SUCCEEDED", "m2 CANCELLED");
            assertThat(j.unreported()).hasSize(2);

            commits.forEach(c -> c.complete(null)); // the outbox commits
            events.tick();
            assertThat(j.unreported()).isEmpty();
            for (int i = 0; i < 2 * CampaignEvents.REDELIVER_TICKS; i++) {
                events.tick();
            }
            assertThat(outbox.heard).hasSize(3);
        }
    }
}
