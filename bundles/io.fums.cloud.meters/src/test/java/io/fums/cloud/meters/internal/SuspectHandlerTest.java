package io.fums.cloud.meters.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.store.AuditEntry;
import io.fums.store.AuditLog;
import io.fums.store.AuditOutcome;
import io.fums.store.AuditQuery;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** meters.clear-suspect (issue 13, SEC-8, SEC-9): an operator clears a suspect meter, audited with the signer. */
@Tag("SEC-8")
@Tag("SEC-9")
class SuspectHandlerTest {

    @TempDir
    Path dir;
    private ClosableDatabase db;
    private AuditLog audit;
    private final FakeMeters meters = new FakeMeters().meter("m-1", "FUMS-EM-1", "tcp-1").meter("m-2", "FUMS-EM-1", "tcp-1");
    private SuspectHandler handler;

    @BeforeEach
    void setUp() throws FumsException {
        db = Stores.openDatabase(dir);
        audit = Stores.auditLog(db, Clock.systemUTC());
        handler = new SuspectHandler(() -> meters, audit);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private List<AuditEntry> audited() throws FumsException {
        return audit.query(AuditQuery.builder().action(SuspectHandler.ACTION).build());
    }

    @SuppressWarnings("unchecked")
    private static java.util.Map<String, Object> data(CloudResponse r) {
        return (java.util.Map<String, Object>) r.data();
    }

    @Test
    void aSignedClearEndsTheSuspectMarkAndIsAuditedWithTheOperator() throws Exception {
        meters.suspects.add("m-1");
        CloudResponse r = handler.handle(SupplyHandlerTest.exec(SuspectHandler.OPERATION, "m-1", "operator-a"));
        assertThat(meters.suspects()).isEmpty();
        assertThat(data(r)).containsEntry("wasSuspect", true).containsEntry("suspect", false)
                .containsEntry("signers", List.of("operator-a"));
        AuditEntry e = audited().get(0);
        assertThat(e.subject()).isEqualTo("m-1");
        assertThat(e.outcome()).isEqualTo(AuditOutcome.OK);
        assertThat(e.detailJson()).contains("operator-a").contains("marked suspect");
    }

    @Test
    void aMeterThatIsNotSuspectIsLeftAsItIsAndTheAttemptAudited() throws Exception {
        meters.suspects.add("m-2");
        CloudResponse r = handler.handle(SupplyHandlerTest.exec(SuspectHandler.OPERATION, "m-1", "operator-a"));
        assertThat(r.message()).contains("nothing to clear");
        assertThat(meters.suspects()).containsExactly("m-2");
        assertThat(audited()).hasSize(1);
    }

    @Test
    void anUnknownMeterFailsIsAuditedAndChangesNothing() throws Exception {
        meters.suspects.add("m-2");
        assertThatThrownBy(() -> handler.handle(SupplyHandlerTest.exec(SuspectHandler.OPERATION, "m-9", "operator-a")))
                .isInstanceOfSatisfying(FumsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.METER_UNKNOWN));
        assertThat(meters.suspects()).containsExactly("m-2");
        assertThat(audited()).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(AuditOutcome.FAILED);
            assertThat(a.reason()).isEqualTo("METER_UNKNOWN");
        });
    }
}
