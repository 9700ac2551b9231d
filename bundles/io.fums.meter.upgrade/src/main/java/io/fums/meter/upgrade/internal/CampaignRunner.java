package io.fums.meter.upgrade.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.dlms.DlmsException;
import io.fums.dlms.client.DlmsClient;
import io.fums.meter.upgrade.ActivationPolicy;
import io.fums.meter.upgrade.CampaignOutcome;
import io.fums.meter.upgrade.FirmwareImage;
import io.fums.meter.upgrade.MeterEndpoint;
import io.fums.meter.upgrade.MeterJob;
import io.fums.meter.upgrade.RolloutPolicy;
import io.fums.meter.upgrade.UpgradeState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a campaign: wave after wave (canary first), at most
 * {@code concurrencyPerLink} meters of one link at a time, each meter driven
 * by the {@link MeterUpgrader} from its journalled state with retries and
 * exponential backoff on link or meter errors. After each wave, failures are
 * counted against the error threshold: reaching it pauses the campaign, and
 * no meter of a later wave is touched. Meters waiting for a scheduled
 * activation are finished once the time has come. Every meter that ends
 * failed raises a "failed upgrade process" alarm (SM-2).
 */
final class CampaignRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignRunner.class);

    private final UpgradeJournal journal;
    private final MeterUpgrader upgrader;
    private final Clock clock;
    private final int maxThreads;
    private final AlarmSink sink;
    private final SuspectCheck suspects;
    private final BroadcastPhase broadcast;

    /** Where alarms go besides the outcome (the agent's listeners). */
    @FunctionalInterface
    interface AlarmSink {
        void alarm(String campaign, String meterId, String code, String message);
    }

    CampaignRunner(UpgradeJournal journal, MeterUpgrader upgrader, Clock clock, int maxThreads) {
        this(journal, upgrader, clock, maxThreads, (c, m, code, msg) -> { });
    }

    CampaignRunner(UpgradeJournal journal, MeterUpgrader upgrader, Clock clock, int maxThreads, AlarmSink sink) {
        this(journal, upgrader, clock, maxThreads, sink, meter -> null);
    }

    /** @param suspects tells why a meter is suspect (SEC-8), or null: a suspect meter is skipped, not contacted */
    CampaignRunner(UpgradeJournal journal, MeterUpgrader upgrader, Clock clock, int maxThreads, AlarmSink sink,
                   SuspectCheck suspects) {
        this(journal, upgrader, clock, maxThreads, sink, suspects, BroadcastPhase.Media.NONE);
    }

    /** @param media the meters' shared media: meters of a wave that share one take the image by broadcast */
    CampaignRunner(UpgradeJournal journal, MeterUpgrader upgrader, Clock clock, int maxThreads, AlarmSink sink,
                   SuspectCheck suspects, BroadcastPhase.Media media) {
        this.broadcast = new BroadcastPhase(journal, upgrader, media);
        this.journal = journal;
        this.upgrader = upgrader;
        this.clock = clock;
        this.maxThreads = maxThreads;
        this.sink = sink;
        this.suspects = suspects;
    }

    /** Whether a meter is suspect (SEC-8): an anomaly alarm marked it and no operator has cleared it yet. */
    @FunctionalInterface
    interface SuspectCheck {
        /** Why {@code meterId} is suspect, or null if it is not. */
        String why(String meterId);
    }

    CampaignOutcome run(String campaign, List<MeterEndpoint> targets, FirmwareImage image, byte[] bytes, ActivationPolicy activation,
                        RolloutPolicy rollout) throws FumsException, InterruptedException {
        return run(campaign, targets, image, bytes, activation, rollout, 0);
    }

    /**
     * Runs (or continues) a campaign.
     *
     * @param acknowledgedWaves waves whose failures no longer count against the
     *     error threshold (the operator resumed after a pause), 0 for none
     */
    CampaignOutcome run(String campaign, List<MeterEndpoint> targets, FirmwareImage image, byte[] bytes, ActivationPolicy activation,
                        RolloutPolicy rollout, int acknowledgedWaves) throws FumsException, InterruptedException {
        if (activation.scheduled()) {
            upgrader.deadlines().deadlineNanos(activation.at()); // fixed now, before a clock step during the transfer
        }
        List<String> ids = new ArrayList<>();
        targets.forEach(t -> ids.add(t.meterId()));
        journal.enrol(campaign, ids);
        List<List<MeterEndpoint>> waves = WavePlanner.plan(targets, rollout);
        List<String> alarms = Collections.synchronizedList(new ArrayList<>());
        List<MeterEndpoint> waiting = new ArrayList<>();
        int run = 0;
        for (List<MeterEndpoint> wave : waves) {
            run++;
            waiting.addAll(runWave(campaign, wave, image, bytes, activation, rollout, alarms));
            int failures = 0;
            for (MeterEndpoint m : wave) {
                UpgradeState s = journal.job(campaign, m.meterId()).map(MeterJob::state).orElseThrow();
                if (s == UpgradeState.FAILED || s == UpgradeState.REVERTED) {
                    failures++;
                }
            }
            if (run > acknowledgedWaves && rollout.thresholdReached(failures, wave.size())) {
                String alarm = "campaign " + campaign + " paused: " + failures + " of " + wave.size() + " meters of wave " + run
                        + " failed (threshold " + rollout.errorThreshold() + ")";
                raise(alarms, campaign, null, "CAMPAIGN_THRESHOLD", alarm);
                LOG.warn(alarm);
                return new CampaignOutcome(CampaignOutcome.State.PAUSED, waves.size(), run, journal.counts(campaign), List.copyOf(alarms));
            }
        }
        while (!waiting.isEmpty()) {
            if (activation.scheduled()) {
                upgrader.deadlines().await(activation.at()); // monotonic: a wall clock step neither hastens nor delays it
            } else {
                // a maintenance window is wall time (time of day): a step moves it, and is followed within a second
                Instant at = activation.nextActivation(clock.instant());
                while (clock.instant().isBefore(at)) {
                    Thread.sleep(Math.max(1, Math.min(1000, at.toEpochMilli() - clock.millis())));
                }
            }
            waiting = runWave(campaign, waiting, image, bytes, activation, rollout, alarms);
        }
        return new CampaignOutcome(CampaignOutcome.State.COMPLETED, waves.size(), run, journal.counts(campaign), List.copyOf(alarms));
    }

    /** Runs a wave; returns the meters that wait for a scheduled activation. */
    private List<MeterEndpoint> runWave(String campaign, List<MeterEndpoint> wave, FirmwareImage image, byte[] bytes,
                                        ActivationPolicy activation, RolloutPolicy rollout, List<String> alarms)
            throws InterruptedException, FumsException {
        Map<String, Semaphore> links = new LinkedHashMap<>();
        wave.forEach(m -> links.computeIfAbsent(m.linkId(), k -> new Semaphore(rollout.concurrencyPerLink(), true)));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(maxThreads, wave.size())));
        List<MeterEndpoint> waiting = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> work = new ArrayList<>();
            Map<String, Future<?>> broadcasts = new java.util.HashMap<>();
            if (rollout.broadcast()) {
                // queued first, so that they get threads before the meters that wait for them
                for (Map.Entry<String, List<MeterEndpoint>> g : broadcast.groups(campaign, wave, id -> suspects.why(id) == null)
                        .entrySet()) {
                    Future<?> f = pool.submit(() -> {
                        // the broadcast is one of the link's meters in work (concurrencyPerLink)
                        Semaphore link = links.get(g.getValue().get(0).linkId());
                        link.acquire();
                        try {
                            broadcast.run(campaign, g.getKey(), g.getValue(), image, bytes);
                        } finally {
                            link.release();
                        }
                        return null;
                    });
                    work.add(f);
                    g.getValue().forEach(m -> broadcasts.put(m.meterId(), f));
                }
            }
            for (MeterEndpoint m : wave) {
                work.add(pool.submit(() -> {
                    awaitBroadcast(broadcasts.get(m.meterId()));
                    Semaphore link = links.get(m.linkId());
                    link.acquire();
                    try {
                        if (upgradeWithRetries(campaign, m, image, bytes, activation, rollout, alarms)) {
                            waiting.add(m);
                        }
                    } finally {
                        link.release();
                    }
                    return null;
                }));
            }
            FumsException storage = null;
            for (Future<?> f : work) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    LOG.error("campaign {}: a meter worker failed: {}", campaign, e.getCause().toString());
                    if (storage == null && e.getCause() instanceof FumsException failure
                            && failure.code().name().startsWith("STORAGE_")) {
                        storage = failure;
                    }
                }
            }
            if (storage != null) {
                // the journal could not be written (a full disk): that meter's job is not final, so the wave is not
                // over; the engine decides (issue 16: on STORAGE_FULL it waits for space and continues from the journal)
                throw storage;
            }
        } finally {
            pool.shutdownNow();
            // A stop (interrupt) waits for the meters in work to reach a journalled point: no worker outlives the run.
            if (!pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.error("campaign {}: meter workers did not stop within 60 s", campaign);
            }
        }
        return new ArrayList<>(waiting);
    }

    /** Waits for the broadcast a meter takes part in, if any; however it ended, the meter goes on point-to-point. */
    private static void awaitBroadcast(Future<?> broadcast) throws InterruptedException {
        if (broadcast == null) {
            return;
        }
        try {
            broadcast.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof InterruptedException) {
                throw new InterruptedException("the broadcast was stopped");
            }
        }
    }

    /** Returns true if the meter waits for a scheduled activation. */
    private boolean upgradeWithRetries(String campaign, MeterEndpoint m, FirmwareImage image, byte[] bytes,
                                       ActivationPolicy activation, RolloutPolicy rollout, List<String> alarms)
            throws FumsException, InterruptedException {
        if (journal.job(campaign, m.meterId()).map(j -> j.state().isFinal()).orElse(false)) {
            return false; // done before a pause or restart: no need to contact the meter
        }
        if (skipSuspect(campaign, m.meterId())) {
            return false;
        }
        while (true) {
            DlmsClient client = null;
            try {
                client = m.connector().open();
                MeterUpgrader.Result r = upgrader.advance(campaign, m.meterId(), m.deviceType(), image, bytes, activation, client);
                if (r == MeterUpgrader.Result.WAITING) {
                    return true;
                }
                MeterJob job = journal.job(campaign, m.meterId()).orElseThrow();
                if (job.state() == UpgradeState.FAILED || job.state() == UpgradeState.REVERTED) {
                    raise(alarms, campaign, m.meterId(), job.errorCode(), "failed upgrade process: meter " + m.meterId() + ": "
                            + job.errorCode() + ": " + job.message());
                }
                return false;
            } catch (FumsException e) {
                if (!(e instanceof DlmsException) && e.code().category() != ErrorCode.Category.METER) {
                    throw e; // storage or internal: not the meter's fault, no retry
                }
                int attempts = journal.retry(campaign, m.meterId(), e.getMessage());
                if (attempts >= rollout.maxAttempts()) {
                    UpgradeState s = journal.job(campaign, m.meterId()).map(MeterJob::state).orElseThrow();
                    if (s.canMoveTo(UpgradeState.FAILED)) {
                        journal.move(campaign, m.meterId(), UpgradeState.FAILED, ErrorCode.METER_UNREACHABLE,
                                "gave up after " + attempts + " attempts: " + e.getMessage());
                    }
                    raise(alarms, campaign, m.meterId(), "METER_UNREACHABLE", "failed upgrade process: meter " + m.meterId()
                            + ": METER_UNREACHABLE: " + e.getMessage());
                    return false;
                }
                Thread.sleep(rollout.backoffFor(attempts).toMillis());
            } finally {
                if (client != null) {
                    client.close();
                }
            }
        }
    }

    /**
     * A suspect meter that has not been told to activate is skipped: its job
     * ends CANCELLED with METER_SUSPECT and the reason, without contacting it
     * (a pending image it holds stays unactivated). One past activation is
     * finished, so that it is not left half-upgraded.
     */
    private boolean skipSuspect(String campaign, String meter) throws FumsException {
        MeterJob job = journal.job(campaign, meter).orElseThrow();
        if (!job.state().isBeforeActivation()) {
            return false;
        }
        String why = suspects.why(meter);
        if (why == null) {
            return false;
        }
        journal.move(campaign, meter, UpgradeState.CANCELLED, ErrorCode.METER_SUSPECT, "skipped, not contacted: meter "
                + meter + " is suspect (" + why + "); an operator clears it with meters.clear-suspect");
        LOG.warn("campaign {}: meter {} skipped: suspect ({})", campaign, meter, why);
        return true;
    }

    private void raise(List<String> alarms, String campaign, String meter, String code, String message) {
        alarms.add(message);
        try {
            sink.alarm(campaign, meter, code, message);
        } catch (RuntimeException e) {
            LOG.error("campaign {}: an alarm listener failed: {}", campaign, e.toString());
        }
    }
}
