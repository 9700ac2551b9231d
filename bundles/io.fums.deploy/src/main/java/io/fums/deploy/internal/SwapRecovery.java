package io.fums.deploy.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.api.software.SoftwareSet;
import io.fums.api.software.SoftwareSetFile;
import io.fums.deploy.SwapOutcome;
import io.fums.deploy.SwapRecord;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up, closes a swap that a crash cut short. The framework already
 * runs the committed set (the launcher installed it); what is left is the
 * record: a swap whose target became the committed set is recorded as
 * committed, any other as interrupted, and the default configurations it
 * created are removed.
 */
final class SwapRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(SwapRecovery.class);

    private final SwapJournal journal;
    private final FeatureConfiguration configuration;
    private final SwapHistory history;
    private final AuditLog audit;
    private final DeployPaths paths;
    private final Clock clock;

    SwapRecovery(SwapJournal journal, FeatureConfiguration configuration, SwapHistory history, AuditLog audit, DeployPaths paths,
                 Clock clock) {
        this.journal = journal;
        this.configuration = configuration;
        this.history = history;
        this.audit = audit;
        this.paths = paths;
        this.clock = clock;
    }

    void recover() throws FumsException, IOException {
        Optional<SwapJournal.Entry> open = journal.read();
        if (open.isEmpty()) {
            return;
        }
        SwapJournal.Entry e = open.get();
        SoftwareSet committed = SoftwareSetFile.read(paths.committed()).orElse(SoftwareSet.empty());
        boolean done = !e.feature().equals("*") && committed.feature(e.feature())
                .map(f -> f.version().equals(e.to())).orElse(false) && e.step().equals(SwapStep.HEALTHY.id());
        if (!done) {
            configuration.delete(e.createdConfigs());
        }
        SwapRecord record = SoftwareDeployer.interrupted(e, done, clock.instant());
        history.record(record);
        AuditEvent.Builder event = AuditEvent.builder("deployer", "software.swap").subject(e.feature() + " " + e.to())
                .detail("tx", e.txId()).detail("outcome", record.outcome().name()).detail("message", record.message());
        audit.append((record.outcome() == SwapOutcome.COMMITTED ? event : event.failed(ErrorCode.SWAP_FAILED)).build());
        journal.clear();
        LOG.warn("software swap {} of {} {}: {}", e.txId(), e.feature(), e.to(), record.message());
    }
}
