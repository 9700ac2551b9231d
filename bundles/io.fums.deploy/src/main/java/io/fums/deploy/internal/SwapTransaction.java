package io.fums.deploy.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.api.software.SoftwareSet;
import io.fums.api.software.SoftwareSetFile;
import io.fums.deploy.SwapOutcome;
import io.fums.deploy.SwapRecord;
import io.fums.deploy.SwapResult;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import io.fums.store.StorageSpace;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One swap from the committed set to a target set: journal, swap, health,
 * then commit or roll back. See the package documentation for the steps.
 */
final class SwapTransaction {

    /** What to swap to, and how to judge it. */
    record Plan(String txId, String feature, String fromVersion, String toVersion, SoftwareSet from, SoftwareSet to,
                Map<String, Map<String, Object>> configuration, List<String> healthTags, long healthTimeoutMillis) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SwapTransaction.class);

    private final DeployPaths paths;
    private final SwapJournal journal;
    private final SwapSteps steps;
    private final FrameworkSwapper swapper;
    private final HealthGate health;
    private final FeatureConfiguration configuration;
    private final SwapHistory history;
    private final AuditLog audit;
    private final Runnable restartFramework;
    private final Clock clock;

    /** {@code clock}: the DCU's wall clock, for the times in the history; durations are measured monotonically. */
    SwapTransaction(DeployPaths paths, SwapJournal journal, SwapSteps steps, FrameworkSwapper swapper, HealthGate health,
                    FeatureConfiguration configuration, SwapHistory history, AuditLog audit, Runnable restartFramework,
                    Clock clock) {
        this.paths = paths;
        this.journal = journal;
        this.steps = steps;
        this.swapper = swapper;
        this.health = health;
        this.configuration = configuration;
        this.history = history;
        this.audit = audit;
        this.restartFramework = restartFramework;
        this.clock = clock;
    }

    SwapResult run(Plan plan) throws FumsException {
        Instant started = clock.instant();
        long startedNanos = System.nanoTime();
        List<String> created = new ArrayList<>();
        SwapJournal.Entry entry = new SwapJournal.Entry(plan.txId(), plan.feature(), plan.fromVersion(), plan.toVersion(),
                started.toEpochMilli(), SwapStep.JOURNALED.id(), created);
        journal(entry);
        steps.reached(SwapStep.JOURNALED);
        try {
            created.addAll(configuration.applyAbsent(plan.feature(), plan.configuration()));
            List<Bundle> running = swapper.swap(plan.from(), plan.to(), step -> {
                journal(new SwapJournal.Entry(plan.txId(), plan.feature(), plan.fromVersion(), plan.toVersion(),
                        started.toEpochMilli(), step.id(), created));
                steps.reached(step);
            });
            health.await(running, plan.healthTags(), plan.healthTimeoutMillis());
            journal(new SwapJournal.Entry(plan.txId(), plan.feature(), plan.fromVersion(), plan.toVersion(),
                    started.toEpochMilli(), SwapStep.HEALTHY.id(), created));
            steps.reached(SwapStep.HEALTHY);
            commit(plan);
        } catch (FumsException | IOException | RuntimeException e) {
            // a full disk, wherever it struck (the framework's cache, the set files), says so (issue 16)
            ErrorCode code = StorageSpace.noSpace(e) ? ErrorCode.STORAGE_FULL
                    : e instanceof FumsException f ? f.code() : ErrorCode.SWAP_FAILED;
            FumsException why = e instanceof FumsException f && f.code() == code ? f
                    : new FumsException(code, String.valueOf(e.getMessage()), e);
            return rollBack(plan, started, startedNanos, created, why);
        }
        Instant ended = clock.instant();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        String message = plan.feature() + " " + plan.fromVersion() + " -> " + plan.toVersion() + " committed as generation "
                + plan.to().generation();
        finish(new SwapRecord(plan.txId(), started, ended, plan.feature(), plan.fromVersion(), plan.toVersion(),
                SwapOutcome.COMMITTED, null, message), null);
        LOG.info("software swap {}: {} ({} ms)", plan.txId(), message, tookMillis);
        return new SwapResult(plan.txId(), SwapOutcome.COMMITTED, plan.feature(), plan.fromVersion(), plan.toVersion(),
                plan.to().generation(), null, message, tookMillis);
    }

    private SwapResult rollBack(Plan plan, Instant started, long startedNanos, List<String> created, FumsException why)
            throws FumsException {
        LOG.warn("software swap {} of {} {} failed ({}): rolling back to generation {}", plan.txId(), plan.feature(),
                plan.toVersion(), why.toString(), plan.from().generation());
        String restored = "the previous set runs again";
        try {
            swapper.swap(plan.to(), plan.from(), step -> { });
            configuration.delete(created);
        } catch (FumsException | IOException | RuntimeException e) {
            LOG.error("rolling back swap {} failed: {}; restarting the framework on the committed set", plan.txId(), e.toString());
            restored = "the framework restarts on the committed set";
            restartFramework.run();
        }
        Instant ended = clock.instant();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        String message = plan.feature() + " " + plan.toVersion() + " rolled back: " + why.getMessage() + "; " + restored;
        finish(new SwapRecord(plan.txId(), started, ended, plan.feature(), plan.fromVersion(), plan.toVersion(),
                SwapOutcome.ROLLED_BACK, why.code().name(), message), why.code());
        return new SwapResult(plan.txId(), SwapOutcome.ROLLED_BACK, plan.feature(), plan.fromVersion(), plan.toVersion(),
                plan.from().generation(), why.code(), message, tookMillis);
    }

    /** Writes the new committed set (the old one becomes the previous set) atomically, then frees unused jars. */
    private void commit(Plan plan) throws IOException {
        SoftwareSetFile.write(paths.previous(), plan.from());
        SoftwareSetFile.write(paths.committed(), plan.to());
        removeUnusedJars(plan.from(), plan.to());
    }

    private void finish(SwapRecord record, ErrorCode failure) throws FumsException {
        try {
            journal.clear();
        } catch (IOException e) {
            throw storageFailure("clearing the swap journal failed", e);
        }
        history.record(record);
        AuditEvent.Builder event = AuditEvent.builder("deployer", "software.swap").subject(record.feature() + " " + record.to())
                .detail("tx", record.txId()).detail("from", record.from()).detail("outcome", record.outcome().name())
                .detail("message", record.message());
        audit.append((failure == null ? event : event.failed(failure)).build());
    }

    /** A failed write of the swap's own files: {@code STORAGE_FULL} if the disk is full (issue 16), else {@code STORAGE_FAILED}. */
    static FumsException storageFailure(String what, IOException e) {
        return new FumsException(StorageSpace.noSpace(e) ? ErrorCode.STORAGE_FULL : ErrorCode.STORAGE_FAILED,
                what + ": " + e.getMessage(), e);
    }

    private void journal(SwapJournal.Entry e) throws FumsException {
        try {
            journal.write(e);
        } catch (IOException ex) {
            throw storageFailure("writing the swap journal failed", ex);
        }
    }

    private void removeUnusedJars(SoftwareSet a, SoftwareSet b) {
        Set<String> keep = new HashSet<>();
        a.bundles().forEach(x -> keep.add(x.sha256() + ".jar"));
        b.bundles().forEach(x -> keep.add(x.sha256() + ".jar"));
        if (!Files.isDirectory(paths.bundles())) {
            return;
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(paths.bundles())) {
            for (Path jar : jars) {
                if (!keep.contains(jar.getFileName().toString())) {
                    Files.deleteIfExists(jar);
                }
            }
        } catch (IOException e) {
            LOG.warn("removing unused bundle jars failed: {}", e.toString());
        }
    }
}
