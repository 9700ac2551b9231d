package io.fums.meter.upgrade.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.store.AuditLog;
import io.fums.store.AuditOutcome;
import io.fums.store.AuditQuery;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The meter-upgrade agent refuses a configuration key it does not know, as the cloud link does (issue 18): a typo
 * ({@code pollIntervalMilis}) would otherwise run the agent on its default. CONFIG_INVALID with what was meant, and
 * an audit entry (SEC-9); the agent does not activate.
 */
@Tag("SEC-9")
class UpgradeConfigKeysTest {

    @TempDir
    Path dir;

    @Test
    void aTypoIsRefusedWithWhatWasMeantAndAudited() throws Exception {
        ClosableDatabase db = Stores.openDatabase(dir);
        try {
            AuditLog audit = Stores.auditLog(db, Clock.systemUTC());
            assertThatThrownBy(() -> CampaignServiceComponent.checkKeys(Map.of("pollIntervalMilis", 100L,
                    "maxThreads", 4), audit))
                    .isInstanceOfSatisfying(FumsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                    .hasMessageStartingWith("configuration io.fums.meter.upgrade: unknown key 'pollIntervalMilis' (did you "
                            + "mean 'pollIntervalMillis'?): fix or remove it (known: maxThreads, pollIntervalMillis, "
                            + "pollTimeoutSeconds, scheduleGraceSeconds)");
            assertThat(audit.query(AuditQuery.builder().action("campaign.config.load").build())).singleElement()
                    .satisfies(e -> {
                        assertThat(e.outcome()).isEqualTo(AuditOutcome.FAILED);
                        assertThat(e.detailJson()).contains("pollIntervalMilis");
                    });
            CampaignServiceComponent.checkKeys(Map.of("pollIntervalMillis", 100L, "component.name", "x",
                    "service.pid", "io.fums.meter.upgrade", "fums.config.source", "default"), audit);
            assertThat(audit.query(AuditQuery.builder().action("campaign.config.load").build())).hasSize(1);
        } finally {
            db.close();
        }
    }
}
