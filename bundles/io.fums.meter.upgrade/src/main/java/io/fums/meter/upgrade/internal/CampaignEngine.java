package io.fums.meter.upgrade.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.meter.upgrade.CampaignListener;
import io.fums.meter.upgrade.CampaignOutcome;
import io.fums.meter.upgrade.CampaignSpec;
import io.fums.meter.upgrade.CampaignState;
import io.fums.meter.upgrade.CampaignStatus;
import io.fums.meter.upgrade.MeterEndpoint;
import io.fums.meter.upgrade.MeterJob;
import io.fums.meter.upgrade.StagedFirmware;
import io.fums.meter.upgrade.UpgradeState;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs campaigns on its own threads, one per active campaign, and keeps their
 * state in the {@link CampaignStore}: the durable state is written first,
 * then the work is started or stopped, so that after a restart
 * {@link #recover()} continues exactly the campaigns that were running (and
 * finishes cancellations that were under way).
 */
final class CampaignEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignEngine.class);
    private static final long STOP_WAIT_SECONDS = 90;
    /** First wait for space after a campaign met a full disk; it doubles up to {@link #STORAGE_RETRY_MAX_MILLIS}. */
    static final long STORAGE_RETRY_FIRST_MILLIS = 250;
    /** Longest wait between two looks for space: a campaign continues at most this long after space returns. */
    static final long STORAGE_RETRY_MAX_MILLIS = 5000;

    private final CampaignStore store;
    private final UpgradeJournal journal;
    private final MeterUpgrader upgrader;
    private final CampaignRunner runner;
    private final MeterDirectory directory;
    private final ImageSource images;
    private final CampaignEvents events;
    private final AuditLog audit;
    private final SpaceCheck space;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fums-campaign");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Future<?>> active = new ConcurrentHashMap<>();

    /** Finds the meters a campaign targets. */
    interface MeterDirectory {
        /** The meter's endpoint, if it is in the inventory. */
        Optional<MeterEndpoint> endpoint(String meterId);
    }

    /** Whether the data folder has room for a campaign's small writes again (issue 16, a full disk). */
    @FunctionalInterface
    interface SpaceCheck {
        /** No check: after a full disk, the campaign simply tries again after each wait. */
        SpaceCheck NONE = what -> { };

        /** @throws FumsException {@code STORAGE_FULL} if it has not */
        void require(String what) throws FumsException;
    }

    /** Reads image bytes from the image store. */
    interface ImageSource {
        byte[] load(String sha256) throws FumsException;
    }

    CampaignEngine(CampaignStore store, UpgradeJournal journal, MeterUpgrader upgrader, Clock clock, int maxThreads,
                   MeterDirectory directory, ImageSource images, CampaignListener listener, AuditLog audit) {
        this(store, journal, upgrader, clock, maxThreads, directory, images, listener, audit, meter -> null);
    }

    /** @param suspects why a meter is suspect, or null: campaigns skip suspect meters (SEC-8) */
    CampaignEngine(CampaignStore store, UpgradeJournal journal, MeterUpgrader upgrader, Clock clock, int maxThreads,
                   MeterDirectory directory, ImageSource images, CampaignListener listener, AuditLog audit,
                   CampaignRunner.SuspectCheck suspects) {
        this(store, journal, upgrader, clock, maxThreads, directory, images, listener, audit, suspects,
                BroadcastPhase.Media.NONE);
    }

    /** @param media the meters' shared media: broadcast where meters of a wave share one (unless a campaign says no) */
    CampaignEngine(CampaignStore store, UpgradeJournal journal, MeterUpgrader upgrader, Clock clock, int maxThreads,
                   MeterDirectory directory, ImageSource images, CampaignListener listener, AuditLog audit,
                   CampaignRunner.SuspectCheck suspects, BroadcastPhase.Media media) {
        this(store, journal, upgrader, clock, maxThreads, directory, images, listener, audit, suspects, media,
                SpaceCheck.NONE);
    }

    /**
     * @param space whether the data folder has room again: a campaign that met a full disk ({@code STORAGE_FULL})
     *              waits for it, then continues from its journal (it is not paused)
     */
    CampaignEngine(CampaignStore store, UpgradeJournal journal, MeterUpgrader upgrader, Clock clock, int maxThreads,
                   MeterDirectory directory, ImageSource images, CampaignListener listener, AuditLog audit,
                   CampaignRunner.SuspectCheck suspects, BroadcastPhase.Media media, SpaceCheck space) {
        this.space = space;
        this.store = store;
        this.journal = journal;
        this.upgrader = upgrader;
        this.directory = directory;
        this.images = images;
        this.audit = audit;
        this.events = new CampaignEvents(this::summary, listener, journal);
        this.runner = new CampaignRunner(journal, upgrader, clock, maxThreads, this::alarm, suspects, media);
        journal.onMove(events::moved);
    }

    CampaignStore store() {
        return store;
    }

    UpgradeJournal journal() {
        return journal;
    }

    /** Creates a campaign over already resolved targets (in rollout order). */
    CampaignStatus create(CampaignSpec spec, StagedFirmware firmware, List<String> targets) throws FumsException {
        return create(spec, firmware, targets, Map.of());
    }

    /**
     * A target left out of a campaign at creation (issue 15): its job ends CANCELLED with {@code code} and
     * {@code reason} at once, is reported, and the meter is not contacted.
     */
    record LeftOut(ErrorCode code, String reason) {
    }

    /**
     * Creates a campaign over already resolved targets (in rollout order), of which {@code excluded} (meter to
     * reason, see {@link ActivationCapabilities}) are left out with METER_NO_ACTIVATION_SCHEDULE.
     */
    synchronized CampaignStatus create(CampaignSpec spec, StagedFirmware firmware, List<String> targets,
            Map<String, String> excluded) throws FumsException {
        Map<String, LeftOut> out = new java.util.LinkedHashMap<>();
        excluded.forEach((m, why) -> out.put(m, new LeftOut(ErrorCode.METER_NO_ACTIVATION_SCHEDULE, why)));
        return createLeavingOut(spec, firmware, targets, out);
    }

    /**
     * Creates a campaign over already resolved targets (in rollout order), of which {@code leftOut} are left out
     * (see {@link ActivationCapabilities}, {@link ComponentCapabilities}): their jobs end CANCELLED with their
     * code at once and are reported, and the others run.
     *
     * @throws FumsException the first left-out meter's code (audited, nothing created) if every target is left out
     */
    synchronized CampaignStatus createLeavingOut(CampaignSpec spec, StagedFirmware firmware, List<String> targets,
            Map<String, LeftOut> leftOut) throws FumsException {
        Map<String, String> excluded = new java.util.LinkedHashMap<>();
        leftOut.forEach((m, l) -> excluded.put(m, l.reason()));
        if (!targets.isEmpty() && excluded.keySet().containsAll(targets)) {
            ErrorCode code = leftOut.get(targets.get(0)).code();
            String message = code == ErrorCode.METER_NO_ACTIVATION_SCHEDULE
                    ? "no target meter has an image activation schedule (class 22) for the scheduled activation: "
                    + String.join(", ", excluded.keySet()) + "; activate now or in a maintenance window instead"
                    : "every target meter is left out: " + String.join("; ", excluded.values());
            audit.append(AuditEvent.builder("meter-upgrade", "campaign.create")
                    .refused(code).subject(spec.id()).detail("message", message)
                    .build());
            throw new FumsException(code, message);
        }
        store.create(spec, firmware.version().toString(), targets);
        journal.enrol(spec.id(), targets);
        for (Map.Entry<String, LeftOut> e : leftOut.entrySet()) {
            journal.move(spec.id(), e.getKey(), UpgradeState.CANCELLED, e.getValue().code(), e.getValue().reason());
            LOG.warn("campaign {}: meter {} left out: {}", spec.id(), e.getKey(), e.getValue().code());
        }
        audit("campaign.create", spec.id(), "firmware", firmware.version() + " " + spec.firmware(), "component",
                firmware.component().id(), "meters", targets.size(), "leftOut", excluded.size());
        return changed(spec.id());
    }

    synchronized CampaignStatus start(String id) throws FumsException {
        require(id, CampaignState.CREATED, "start");
        store.state(id, CampaignState.RUNNING, null, -1);
        audit("campaign.start", id);
        launch(id);
        return changed(id);
    }

    CampaignStatus pause(String id) throws FumsException {
        synchronized (this) {
            require(id, CampaignState.RUNNING, "pause");
            store.state(id, CampaignState.PAUSED, "paused by the operator", -1);
            audit("campaign.pause", id);
        }
        stop(id);
        return changed(id);
    }

    synchronized CampaignStatus resume(String id) throws FumsException {
        CampaignStore.Row row = require(id, CampaignState.PAUSED, "resume");
        int touched = wavesTouched(row);
        store.state(id, CampaignState.RUNNING, null, touched);
        audit("campaign.resume", id, "acknowledgedWaves", touched);
        launch(id);
        return changed(id);
    }

    CampaignStatus cancel(String id) throws FumsException {
        synchronized (this) {
            CampaignStore.Row row = find(id);
            if (row.state().isFinal()) {
                throw refused("campaign.cancel", id, "campaign " + id + " is " + row.state() + ": nothing to cancel");
            }
            store.state(id, CampaignState.CANCELLED, "cancelled by the operator", -1);
            audit("campaign.cancel", id);
        }
        stop(id);
        launchCancel(id);
        return changed(id);
    }

    /** A listener came: results it may not have heard are reported again (they are journalled as unreported). */
    void listenerAdded() {
        events.redeliverSoon();
    }

    /** Continues what was under way before a restart (results not yet reported are reported again by the events). */
    void recover() throws FumsException {
        for (CampaignStore.Row row : store.all()) {
            String id = row.spec().id();
            if (row.state() == CampaignState.RUNNING) {
                LOG.info("campaign {}: continuing from the journal after a restart", id);
                launch(id);
            } else if (row.state() == CampaignState.CANCELLED && journal.jobs(id).stream().anyMatch(j -> !j.state().isFinal())) {
                LOG.info("campaign {}: finishing its cancellation after a restart", id);
                launchCancel(id);
            }
        }
    }

    CampaignStatus status(String id) throws FumsException {
        CampaignStore.Row row = find(id);
        return new CampaignStatus(id, row.state(), row.firmwareVersion(), row.created(), row.updated(), journal.counts(id),
                journal.jobs(id), store.alarms(id), row.reason(), row.spec().activation());
    }

    CampaignStatus summary(String id) throws FumsException {
        CampaignStore.Row row = find(id);
        return new CampaignStatus(id, row.state(), row.firmwareVersion(), row.created(), row.updated(), journal.counts(id),
                List.of(), store.alarms(id), row.reason(), row.spec().activation());
    }

    List<CampaignStatus> campaigns() throws FumsException {
        List<CampaignStatus> out = new ArrayList<>();
        for (CampaignStore.Row row : store.all()) {
            out.add(summary(row.spec().id()));
        }
        return out;
    }

    /** True while a campaign's thread works (tests and shutdown). */
    boolean working(String id) {
        return active.containsKey(id);
    }

    private void launch(String id) {
        active.computeIfAbsent(id, k -> threads.submit(() -> run(id)));
    }

    private void run(String id) {
        try {
            long delay = STORAGE_RETRY_FIRST_MILLIS;
            while (true) {
                try {
                    runOnce(id);
                    break;
                } catch (FumsException e) {
                    if (e.code() != ErrorCode.STORAGE_FULL) {
                        throw e;
                    }
                    // issue 16: a full disk is not the campaign's fault; paused, it would need an operator (and the
                    // pause itself may not be writable): it waits for space and continues from the journal
                    LOG.warn("campaign {}: the data folder is full ({}): waiting for space, then continuing from the"
                            + " journal", id, e.getMessage());
                    delay = awaitSpace(id, delay);
                    LOG.info("campaign {}: space returned: continuing from the journal", id);
                }
            }
        } catch (InterruptedException e) {
            LOG.info("campaign {}: stopped at a journalled point", id);
        } catch (FumsException | RuntimeException e) {
            LOG.error("campaign {}: paused by an error: {}", id, e.toString());
            try {
                synchronized (this) {
                    store.state(id, CampaignState.PAUSED, "error: " + e.getMessage(), -1);
                }
                alarm(id, null, e instanceof FumsException f ? f.code().name() : ErrorCode.INTERNAL.name(),
                        "campaign " + id + " paused by an error: " + e.getMessage());
            } catch (FumsException again) {
                LOG.error("campaign {}: could not record the pause: {}", id, again.toString());
            }
        } finally {
            active.remove(id);
            changedQuietly(id);
        }
    }

    /**
     * Waits, from {@code delayMillis} on and doubling up to {@value #STORAGE_RETRY_MAX_MILLIS} ms, until the data
     * folder has room for the campaign's small writes again; returns the next delay.
     *
     * @throws InterruptedException the campaign is paused or cancelled, or the agent stops
     */
    private long awaitSpace(String id, long delayMillis) throws InterruptedException, FumsException {
        long delay = delayMillis;
        while (true) {
            Thread.sleep(delay);
            delay = Math.min(STORAGE_RETRY_MAX_MILLIS, delay * 2);
            try {
                space.require("campaign " + id + " continuing");
                return delay;
            } catch (FumsException e) {
                if (e.code() != ErrorCode.STORAGE_FULL) {
                    throw e;
                }
            }
        }
    }

    /** Runs a campaign from its journal to its end (or its pause by the error threshold). */
    private void runOnce(String id) throws FumsException, InterruptedException {
        CampaignStore.Row row = find(id);
        StagedFirmware fw = store.firmware(row.spec().firmware()).orElseThrow(() -> new FumsException(
                ErrorCode.CONFIG_MISSING, "staged firmware " + row.spec().firmware() + " is gone"));
        byte[] bytes = images.load(fw.imageSha256());
        List<MeterEndpoint> targets = endpoints(id, row.targets());
        CampaignOutcome out = runner.run(id, targets, fw.image(), bytes, row.spec().activation(), row.spec().rollout(),
                row.acknowledgedWaves());
        synchronized (this) {
            if (find(id).state() == CampaignState.RUNNING) {
                if (out.state() == CampaignOutcome.State.PAUSED) {
                    store.state(id, CampaignState.PAUSED, out.alarms().get(out.alarms().size() - 1), -1);
                } else {
                    store.state(id, CampaignState.COMPLETED, null, -1);
                    audit("campaign.complete", id, "counts", out.counts().toString());
                }
            }
        }
    }

    /** Endpoints of the targets; a meter no longer in the inventory fails without being contacted. */
    private List<MeterEndpoint> endpoints(String id, List<String> meters) throws FumsException {
        List<MeterEndpoint> out = new ArrayList<>();
        for (String m : meters) {
            Optional<MeterEndpoint> e = directory.endpoint(m);
            if (e.isPresent()) {
                out.add(e.get());
            } else {
                MeterJob job = journal.job(id, m).orElseThrow();
                if (job.state().canMoveTo(UpgradeState.FAILED)) {
                    journal.move(id, m, UpgradeState.FAILED, ErrorCode.CONFIG_MISSING, "meter " + m + " is no longer in the inventory");
                    alarm(id, m, ErrorCode.CONFIG_MISSING.name(), "failed upgrade process: meter " + m + " left the inventory");
                }
            }
        }
        return out;
    }

    private void launchCancel(String id) {
        active.computeIfAbsent(id, k -> threads.submit(() -> cancelMeters(id)));
    }

    private void cancelMeters(String id) {
        try {
            CampaignStore.Row row = find(id);
            for (MeterJob job : journal.jobs(id)) {
                if (job.state().isFinal()) {
                    continue;
                }
                if (job.state() == UpgradeState.PENDING) {
                    journal.move(id, job.meterId(), UpgradeState.CANCELLED, null, "cancelled before any contact");
                    continue;
                }
                Optional<MeterEndpoint> e = directory.endpoint(job.meterId());
                if (e.isEmpty()) {
                    continue;
                }
                new MeterCancel(journal, upgrader, row.spec().rollout()).cancel(id, e.get(), store.firmware(row.spec().firmware())
                        .map(StagedFirmware::image).orElse(null), row.spec().activation(), this::alarm);
            }
        } catch (InterruptedException e) {
            LOG.info("campaign {}: cancellation interrupted; it continues after a restart", id);
        } catch (FumsException | RuntimeException e) {
            LOG.error("campaign {}: cancellation failed: {}", id, e.toString());
        } finally {
            active.remove(id);
            changedQuietly(id);
        }
    }

    /** Interrupts a campaign's thread and waits until its meters are at journalled points. */
    private void stop(String id) throws FumsException {
        Future<?> f = active.get(id);
        if (f == null) {
            return;
        }
        f.cancel(true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_WAIT_SECONDS);
        while (active.containsKey(id) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FumsException(ErrorCode.INTERNAL, "interrupted while stopping campaign " + id);
            }
        }
        if (active.containsKey(id)) {
            throw new FumsException(ErrorCode.INTERNAL, "campaign " + id + " did not stop within " + STOP_WAIT_SECONDS + " s",
                    new TimeoutException());
        }
    }

    /** The number of waves in which some meter has left PENDING. */
    private int wavesTouched(CampaignStore.Row row) throws FumsException {
        List<String> targets = row.targets();
        List<List<String>> waves = WavePlanner.plan(targets, row.spec().rollout());
        int touched = 0;
        for (int w = 0; w < waves.size(); w++) {
            for (String m : waves.get(w)) {
                if (journal.job(row.spec().id(), m).map(j -> j.state() != UpgradeState.PENDING).orElse(false)) {
                    touched = w + 1;
                    break;
                }
            }
        }
        return touched;
    }

    private CampaignStore.Row require(String id, CampaignState expected, String operation) throws FumsException {
        CampaignStore.Row row = find(id);
        if (row.state() != expected) {
            throw refused("campaign." + operation, id, "cannot " + operation + " campaign " + id + ": it is " + row.state()
                    + ", not " + expected);
        }
        return row;
    }

    private CampaignStore.Row find(String id) throws FumsException {
        return store.find(id).orElseThrow(() -> new FumsException(ErrorCode.CMD_CAMPAIGN_UNKNOWN, "no campaign " + id
                + " on this DCU"));
    }

    private FumsException refused(String action, String id, String message) throws FumsException {
        audit.append(AuditEvent.builder("meter-upgrade", action).refused(ErrorCode.CMD_MALFORMED).subject(id)
                .detail("message", message).build());
        return new FumsException(ErrorCode.CMD_MALFORMED, message);
    }

    void alarm(String campaign, String meter, String code, String message) {
        try {
            store.alarm(campaign, meter, code, message);
            audit.append(AuditEvent.builder("meter-upgrade", "alarm").subject(meter == null ? campaign : meter)
                    .detail("campaign", campaign).detail("code", code).detail("message", message).build());
        } catch (FumsException e) {
            LOG.error("campaign {}: could not record alarm '{}': {}", campaign, message, e.toString());
        }
        events.alarm(campaign, meter, code, message);
    }

    private void audit(String action, String id, Object... detail) throws FumsException {
        AuditEvent.Builder b = AuditEvent.builder("meter-upgrade", action).subject(id);
        for (int i = 0; i + 1 < detail.length; i += 2) {
            b.detail((String) detail[i], detail[i + 1]);
        }
        audit.append(b.build());
    }

    private CampaignStatus changed(String id) throws FumsException {
        CampaignStatus s = status(id);
        events.campaignChanged(id);
        return s;
    }

    private void changedQuietly(String id) {
        events.campaignChanged(id);
    }

    @Override
    public void close() {
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.error("campaign threads did not stop within {} s", STOP_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.close();
    }
}
