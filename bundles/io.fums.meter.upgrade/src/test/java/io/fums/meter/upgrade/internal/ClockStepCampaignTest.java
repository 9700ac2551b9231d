package io.fums.meter.upgrade.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.model.MeterStatus;
import io.fums.emulator.meter.net.DlmsSessionRunner;
import io.fums.meter.upgrade.ActivationPolicy;
import io.fums.meter.upgrade.CampaignOutcome;
import io.fums.meter.upgrade.FirmwareImage;
import io.fums.meter.upgrade.MeterEndpoint;
import io.fums.meter.upgrade.MeterJob;
import io.fums.meter.upgrade.RolloutPolicy;
import io.fums.meter.upgrade.Transition;
import io.fums.meter.upgrade.UpgradeState;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import io.fums.testsupport.Conditions;
import io.fums.testsupport.FreePorts;
import io.fums.testsupport.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 16, clock steps: the DCU's wall clock steps 6 hours during the image
 * transfer and again while the meters wait for their scheduled activation.
 * The meters (emulated, over real DLMS, their clocks not stepped) activate
 * at the written instant by their own clocks; the DCU neither journals an
 * activation before the meter began it nor waits 6 hours too long; every
 * meter activates once, no step runs twice, the campaign completes.
 */
@Tag("SM-9")
@Tag("SM-5")
@Tag("UMS-3")
@Tag("ARC-4")
class ClockStepCampaignTest {

    private static final Duration STEP = Duration.ofSeconds(60);
    private static final Set<UpgradeState> ACTIVATED = EnumSet.of(UpgradeState.ACTIVATING, UpgradeState.SELF_TEST,
            UpgradeState.SUCCEEDED);

    @TempDir
    Path dir;
    private final EmulatedMeters.Clients clients = new EmulatedMeters.Clients();

    /**
     * @param duringTransfer  hours the DCU's clock steps while the blocks go out
     * @param whileWaiting    hours it steps while every meter waits for the activation
     */
    @ParameterizedTest(name = "clock stepped {0} h during the transfer, {1} h while waiting")
    @CsvSource({"-6, 0", "6, -12"})
    void aScheduledActivationHappensOnceAtItsInstantWhateverTheDcuClockDoes(int duringTransfer, int whileWaiting)
            throws Exception {
        int base = FreePorts.base(64);
        byte[] bytes = EmulatedMeters.imageBytes(16 * 1024, 31);
        FirmwareImage image = EmulatedMeters.image(bytes);
        Instant at = Instant.now().plusSeconds(12).truncatedTo(ChronoUnit.SECONDS);
        MutableClock dcuClock = new MutableClock(Instant.now());
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        try (ClosableDatabase db = Stores.openDatabase(dir.resolve("dcu"));
             MeterEmulator emu = MeterEmulator.start(EmulatedMeters.population(dir, base, 3, ""),
                     new DlmsSessionRunner(Duration.ofSeconds(30)))) {
            UpgradeJournal journal = new UpgradeJournal(db, dcuClock);
            CampaignRunner runner = new CampaignRunner(journal,
                    new MeterUpgrader(journal, dcuClock, Duration.ofMillis(30), Duration.ofSeconds(10)), dcuClock, 4);
            List<MeterEndpoint> meters = clients.endpoints(dir, base, 3, 3);
            CompletableFuture<CampaignOutcome> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return runner.run("c-step", meters, image, bytes, ActivationPolicy.at(at), rollout());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            // throughout: never an activation journalled before the meter's own clock reached it
            Conditions.await("the transfer under way", STEP).until(() -> recordEarlyActivations(journal, emu, at, violations)
                    && emu.population().meter("m-00001").status().blocksReceived() > 0 || run.isDone());
            dcuClock.advance(Duration.ofHours(duringTransfer));
            Conditions.await("every meter's activation scheduled", STEP).until(() -> recordEarlyActivations(journal, emu, at, violations)
                    && count(journal, UpgradeState.ACTIVATION_SCHEDULED) == 3 || run.isDone());
            assertThat(violations).isEmpty();
            assertThat(Instant.now()).as("the meters still wait (the test's margin)").isBefore(at);
            dcuClock.advance(Duration.ofHours(whileWaiting));
            // and no 6 h wait: done within a minute
            Conditions.await("the campaign completes about when the meters activate", STEP)
                    .until(() -> recordEarlyActivations(journal, emu, at, violations) && run.isDone());
            assertThat(run.get(1, TimeUnit.SECONDS).state()).isEqualTo(CampaignOutcome.State.COMPLETED);
            assertThat(violations).isEmpty();
            for (int i = 1; i <= 3; i++) {
                String id = EmulatedMeters.id(i);
                List<Transition> t = journal.transitions("c-step", id);
                assertThat(t).as(id + ": every step once").extracting(Transition::to).doesNotHaveDuplicates()
                        .containsSubsequence(UpgradeState.ACTIVATION_SCHEDULED, UpgradeState.ACTIVATING, UpgradeState.SUCCEEDED);
                assertThat(t).filteredOn(x -> x.to() == UpgradeState.ACTIVATING).singleElement()
                        .satisfies(x -> assertThat(x.detail()).as(id).contains("the meter began"));
                MeterStatus s = emu.population().meter(id).status();
                assertThat(s.upgradesSucceeded()).as(id + " activated once").isEqualTo(1);
                assertThat(s.runningFirmware()).isEqualTo("2.0.0");
                List<Instant> fired = s.events().stream().filter(e -> e.contains(" scheduled activation due at "))
                        .map(e -> Instant.parse(e.substring(e.lastIndexOf(' ') + 1))).toList();
                assertThat(fired).as(id + ": one activation, at the instant by the meter's clock").singleElement()
                        .satisfies(f -> assertThat(f).isBetween(at, at.plusSeconds(2)));
            }
        }
    }

    /** Records each meter journalled ACTIVATING or later while its own clock has not reached {@code at}; always true. */
    private static boolean recordEarlyActivations(UpgradeJournal journal, MeterEmulator emu, Instant at, List<String> violations)
            throws Exception {
        for (int i = 1; i <= 3; i++) {
            String id = EmulatedMeters.id(i);
            UpgradeState s = journal.job("c-step", id).map(MeterJob::state).orElse(UpgradeState.PENDING);
            if (ACTIVATED.contains(s) && emu.population().meter(id).status().activationAt() != 0) {
                violations.add(id + " journalled " + s + " before the meter's clock reached " + at);
            }
        }
        return true;
    }

    private static long count(UpgradeJournal journal, UpgradeState state) throws Exception {
        long n = 0;
        for (int i = 1; i <= 3; i++) {
            if (journal.job("c-step", EmulatedMeters.id(i)).map(MeterJob::state).orElse(UpgradeState.PENDING) == state) {
                n++;
            }
        }
        return n;
    }

    private static RolloutPolicy rollout() {
        return new RolloutPolicy(List.of("rest"), 2, 3, Duration.ofMillis(100), Duration.ofMillis(400), "100%");
    }
}
