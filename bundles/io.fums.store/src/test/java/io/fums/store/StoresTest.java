package io.fums.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.testsupport.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported way to open the store outside OSGi (since 1.1): the real
 * SQLite database, audit log and nonce registry, durable across a close and
 * reopen, as the bundle's services are.
 */
@Tag("SEC-3")
@Tag("SEC-4")
class StoresTest {

    private static final long T0 = 1_770_000_000_000L;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);

    @Test
    void whatTheOpenedPartsStoreSurvivesACloseAndReopen() throws Exception {
        try (ClosableDatabase db = Stores.openDatabase(dir, clock)) {
            assertThat(db.file()).isEqualTo(dir.resolve(Stores.DATABASE_FILE_NAME));
            Stores.auditLog(db, clock).append(AuditEvent.builder("operator", "test.action").subject("s-1").build());
            assertThat(Stores.nonceRegistry(db, clock, Stores.DEFAULT_NONCE_GRACE).register("op-key", "n-1", T0 + 60_000))
                    .isTrue();
        }
        try (ClosableDatabase db = Stores.openDatabase(dir)) {
            AuditLog audit = Stores.auditLog(db, clock);
            assertThat(audit.verify().ok()).isTrue();
            assertThat(audit.query(AuditQuery.builder().action("test.action").build()))
                    .singleElement().satisfies(e -> assertThat(e.subject()).isEqualTo("s-1"));
            assertThat(Stores.nonceRegistry(db, clock, Duration.ZERO).register("op-key", "n-1", T0 + 60_000))
                    .as("a replayed nonce is refused after a reopen").isFalse();
        }
    }

    @Test
    void aClosedDatabaseRefusesWork() throws Exception {
        ClosableDatabase db = Stores.openDatabase(dir);
        db.close();
        db.close();
        assertThatThrownBy(() -> db.schemaVersion("audit")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void theImageStoreKeepsContentByItsHash() throws Exception {
        byte[] bytes = "firmware".getBytes(StandardCharsets.US_ASCII);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(Stores.imageStore(dir).put(new ByteArrayInputStream(bytes), bytes.length, sha, 1024)).isEqualTo(sha);
        Optional<InputStream> in = Stores.imageStore(dir).open(sha);
        assertThat(in).isPresent();
        try (InputStream s = in.get()) {
            assertThat(s.readAllBytes()).isEqualTo(bytes);
        }
    }
}
