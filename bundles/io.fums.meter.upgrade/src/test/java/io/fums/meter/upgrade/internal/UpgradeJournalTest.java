package io.fums.meter.upgrade.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.meter.upgrade.Transition;
import io.fums.meter.upgrade.UpgradeState;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("SM-5")
@Tag("UMS-3")
class UpgradeJournalTest {

    @TempDir
    Path tmp;

    private final AtomicLong now = new AtomicLong(Instant.parse("2026-11-24T10:00:00Z").toEpochMilli());

    private Clock clock() {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now.getAndAdd(1000));
            }
        };
    }

    @Test
    @Tag("UC-3")
    @Tag("UC-4")
    void everyTransitionOfASuccessfulUpgradeIsRecordedWithItsTime() throws Exception {
        try (ClosableDatabase db = Stores.openDatabase(tmp)) {
            UpgradeJournal j = new UpgradeJournal(db, clock());
            j.enrol("c1", List.of("m1", "m2"));
            for (UpgradeState s : List.of(UpgradeState.INITIATED, UpgradeState.TRANSFERRING, UpgradeState.TRANSFERRED,
                    UpgradeState.VERIFYING, UpgradeState.VERIFIED, UpgradeState.ACTIVATION_SCHEDULED, UpgradeState.ACTIVATING,
                    UpgradeState.SELF_TEST, UpgradeState.SUCCEEDED)) {
                j.move("c1", "m1", s, null, "to " + s);
            }
            List<Transition> t = j.transitions("c1", "m1");
            assertThat(t).hasSize(9);
            assertThat(t.get(0).from()).isEqualTo(UpgradeState.PENDING);
            assertThat(t.get(8).to()).isEqualTo(UpgradeState.SUCCEEDED);
            assertThat(t).extracting(Transition::at).isSorted().doesNotHaveDuplicates();
            assertThat(j.counts("c1")).containsEntry(UpgradeState.SUCCEEDED, 1).containsEntry(UpgradeState.PENDING, 1);
        }
    }

    @Test
    @Tag("SM-2")
    @Tag("UC-6")
    void aFailureKeepsItsCodeThroughTheRevert() throws Exception {
        try (ClosableDatabase db = Stores.openDatabase(tmp)) {
            UpgradeJournal j = new UpgradeJournal(db, clock());
            j.enrol("c1", List.of("m1"));
            j.move("c1", "m1", UpgradeState.INITIATED, null, "initiated");
            j.move("c1", "m1", UpgradeState.FAILED, ErrorCode.METER_VERIFY_FAILED, "image_transfer_status 4: verification failed");
            var reverted = j.move("c1", "m1", UpgradeState.REVERTED, null, "still on 1.0.0");
            assertThat(reverted.errorCode()).isEqualTo("METER_VERIFY_FAILED");
            assertThat(j.job("c1", "m1").orElseThrow().state()).isEqualTo(UpgradeState.REVERTED);
        }
    }

    @Test
    void theStateMachineRefusesAnIllegalMoveAndWritesNothing() throws Exception {
        try (ClosableDatabase db = Stores.openDatabase(tmp)) {
            UpgradeJournal j = new UpgradeJournal(db, clock());
            j.enrol("c1", List.of("m1"));
            assertThatThrownBy(() -> j.move("c1", "m1", UpgradeState.ACTIVATING, null, "skip ahead"))
                    .isInstanceOf(FumsException.class).hasMessageContaining("no transition PENDING -> ACTIVATING");
            assertThat(j.transitions("c1", "m1")).isEmpty();
            j.move("c1", "m1", UpgradeState.CANCELLED, null, "cancelled");
            assertThatThrownBy(() -> j.move("c1", "m1", UpgradeState.INITIATED, null, "after final"))
                    .isInstanceOf(FumsException.class);
        }
    }

    @Test
    void theResumePointAndAttemptsSurviveARestart() throws Exception {
        try (ClosableDatabase db = Stores.openDatabase(tmp)) {
            UpgradeJournal j = new UpgradeJournal(db, clock());
            j.enrol("c1", List.of("m1"));
            j.move("c1", "m1", UpgradeState.INITIATED, null, "initiated");
            j.move("c1", "m1", UpgradeState.TRANSFERRING, null, "blocks");
            j.progress("c1", "m1", 117);
            assertThat(j.retry("c1", "m1", "link broke")).isEqualTo(1);
        }
        try (ClosableDatabase db = Stores.openDatabase(tmp)) {
            UpgradeJournal j = new UpgradeJournal(db, clock());
            var job = j.job("c1", "m1").orElseThrow();
            assertThat(job.state()).isEqualTo(UpgradeState.TRANSFERRING);
            assertThat(job.nextBlock()).isEqualTo(117);
            assertThat(job.attempts()).isEqualTo(1);
            j.enrol("c1", List.of("m1"));
            assertThat(j.job("c1", "m1").orElseThrow().state()).as("enrolling again changes nothing")
                    .isEqualTo(UpgradeState.TRANSFERRING);
        }
    }

    @Test
    void cancelIsAllowedOnlyBeforeActivation() {
        assertThat(UpgradeState.VERIFIED.canMoveTo(UpgradeState.CANCELLED)).isTrue();
        assertThat(UpgradeState.ACTIVATION_SCHEDULED.canMoveTo(UpgradeState.CANCELLED)).isTrue();
        assertThat(UpgradeState.ACTIVATING.canMoveTo(UpgradeState.CANCELLED)).isFalse();
        assertThat(UpgradeState.SELF_TEST.canMoveTo(UpgradeState.FAILED)).isTrue();
        assertThat(UpgradeState.SUCCEEDED.canMoveTo(UpgradeState.FAILED)).isFalse();
        assertThat(UpgradeState.VERIFIED.canMoveTo(UpgradeState.ACTIVATING)).as("activate now").isTrue();
    }
}
