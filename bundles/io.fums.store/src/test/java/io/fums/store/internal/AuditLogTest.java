package io.fums.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.store.AuditEntry;
import io.fums.store.AuditEvent;
import io.fums.store.AuditOutcome;
import io.fums.store.AuditQuery;
import io.fums.store.AuditVerification;
import io.fums.testsupport.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("SEC-9")
@Tag("SM-5")
@Tag("UMS-3")
class AuditLogTest {

    private static final long T0 = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private SqliteDatabase db;
    private SqliteAuditLog log;

    @BeforeEach
    void open() throws FumsException {
        db = SqliteDatabase.open(dir);
        log = new SqliteAuditLog(db, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void appendTen() throws FumsException {
        for (int i = 1; i <= 10; i++) {
            clock.advance(1000);
            log.append(AuditEvent.builder("operator-" + (i % 3), i % 2 == 0 ? "command.verify" : "meter.upgrade")
                    .outcome(i % 4 == 0 ? AuditOutcome.REFUSED : AuditOutcome.OK)
                    .reason(i % 4 == 0 ? ErrorCode.CMD_SIGNATURE_INVALID : null)
                    .subject("meter-" + i)
                    .detail("attempt", i)
                    .build());
        }
    }

    /** The encoding documented on AuditLog, written out independently of AuditHasher. */
    private static byte[] documentedHash(AuditEntry e) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        str(out, "fums.audit.v1");
        out.writeLong(e.seq());
        out.writeLong(e.timestampMillis());
        str(out, e.actor());
        str(out, e.action());
        str(out, e.outcome().name());
        str(out, e.reason());
        str(out, e.subject());
        str(out, e.detailJson());
        out.writeInt(32);
        out.write(e.prevHash());
        return MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
        } else {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }
    }

    @Test
    void theFirstEntryChainsFromZerosAndItsHashFollowsTheDocumentedEncoding() throws Exception {
        AuditEntry e = log.append(AuditEvent.builder("op-key-1", "command.verify")
                .refused(ErrorCode.CMD_REPLAYED).subject("dcu-7").detail("nonce", "n-1").build());
        assertThat(e.seq()).isEqualTo(1);
        assertThat(e.timestampMillis()).isEqualTo(T0);
        assertThat(e.prevHash()).isEqualTo(new byte[32]);
        assertThat(e.outcome()).isEqualTo(AuditOutcome.REFUSED);
        assertThat(e.reason()).isEqualTo("CMD_REPLAYED");
        assertThat(e.reasonCode()).contains(ErrorCode.CMD_REPLAYED);
        assertThat(e.hash()).hasSize(32).isEqualTo(documentedHash(e));

        AuditEntry second = log.append(AuditEvent.builder("system", "store.start").build());
        assertThat(second.seq()).isEqualTo(2);
        assertThat(second.prevHash()).isEqualTo(e.hash());
        assertThat(second.reason()).isNull();
        assertThat(second.detailJson()).isNull();
        assertThat(second.hash()).isEqualTo(documentedHash(second));
    }

    @Test
    void theEncodingSeparatesFieldsAndNullFromEmpty() {
        byte[] zero = new byte[32];
        byte[] a = AuditHasher.hash(1, 0, "ab", "c", "OK", null, null, null, zero);
        byte[] b = AuditHasher.hash(1, 0, "a", "bc", "OK", null, null, null, zero);
        byte[] c = AuditHasher.hash(1, 0, "ab", "c", "OK", "", null, null, zero);
        assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void theStoredEntryIsWhatAppendReturnedAndSurvivesAReopen() throws Exception {
        appendTen();
        AuditEntry last = log.last().orElseThrow();
        assertThat(last.seq()).isEqualTo(10);
        db.close();

        db = SqliteDatabase.open(dir);
        log = new SqliteAuditLog(db, clock);
        assertThat(log.last()).contains(last);
        assertThat(log.verify().ok()).isTrue();
        AuditEntry next = log.append(AuditEvent.builder("system", "restart").build());
        assertThat(next.seq()).isEqualTo(11);
        assertThat(next.prevHash()).isEqualTo(last.hash());
        assertThat(log.query(AuditQuery.builder().limit(1).build())).containsExactly(next);
    }

    @Test
    void detailIsJsonWrittenByGson() throws Exception {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("list", List.of(1, "two", true));
        nested.put("none", null);
        AuditEntry e = log.append(AuditEvent.builder("op", "package.verify")
                .failed(ErrorCode.PKG_HASH_MISMATCH)
                .detail("quote", "say \"hi\" </script> \\ \n")
                .detail("unicode", "Zähler ⚡")
                .detail("code", ErrorCode.PKG_HASH_MISMATCH)
                .detail("digest", new byte[] {(byte) 0xab, 0x01})
                .detail("nested", nested)
                .detail("nan", Double.NaN)
                .build());
        JsonObject json = JsonParser.parseString(e.detailJson()).getAsJsonObject();
        assertThat(json.get("quote").getAsString()).isEqualTo("say \"hi\" </script> \\ \n");
        assertThat(json.get("unicode").getAsString()).isEqualTo("Zähler ⚡");
        assertThat(json.get("code").getAsString()).isEqualTo("PKG_HASH_MISMATCH");
        assertThat(json.get("digest").getAsString()).isEqualTo("ab01");
        assertThat(json.getAsJsonObject("nested").getAsJsonArray("list")).hasSize(3);
        assertThat(json.getAsJsonObject("nested").get("none").isJsonNull()).isTrue();
        assertThat(json.get("nan").getAsString()).isEqualTo("NaN");
        assertThat(e.detailJson()).contains("</script>");
        assertThat(log.verify().ok()).isTrue();
    }

    @Test
    void overlongAndOddTextIsShortenedNormalisedAndStillVerifies() throws Exception {
        String longActor = "a".repeat(1000);
        String huge = "x".repeat(100_000);
        AuditEntry e = log.append(AuditEvent.builder(longActor, "command.receive")
                .refused(ErrorCode.CMD_TOO_LARGE)
                .subject("nul\u0000 and lone surrogate \uD800 end")
                .detail("payload", huge)
                .build());
        assertThat(e.actor()).hasSize(256).endsWith("...");
        assertThat(e.subject()).isEqualTo("nul\uFFFD and lone surrogate ? end");
        JsonObject marker = JsonParser.parseString(e.detailJson()).getAsJsonObject();
        assertThat(marker.get("truncated").getAsBoolean()).isTrue();
        assertThat(marker.get("originalLength").getAsInt()).isGreaterThan(100_000);
        assertThat(log.last()).contains(e);
        assertThat(log.verify().ok()).isTrue();
    }

    @Test
    void anIntactChainVerifiesWithItsCount() throws Exception {
        assertThat(log.verify()).satisfies(v -> {
            assertThat(v.ok()).isTrue();
            assertThat(v.entriesChecked()).isZero();
        });
        appendTen();
        AuditVerification v = log.verify();
        assertThat(v.ok()).isTrue();
        assertThat(v.entriesChecked()).isEqualTo(10);
        assertThat(v.brokenSeq()).isEqualTo(-1);
        assertThat(v.problem()).isNull();
    }

    @Test
    void queryFiltersByTimeActionAndOutcomeNewestFirst() throws Exception {
        appendTen(); // entry i at T0 + i s; even i: command.verify; i % 4 == 0: REFUSED
        List<AuditEntry> all = log.query(AuditQuery.all());
        assertThat(all).extracting(AuditEntry::seq).containsExactly(10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);

        List<AuditEntry> window = log.query(AuditQuery.builder()
                .since(Instant.ofEpochMilli(T0 + 3000)).until(Instant.ofEpochMilli(T0 + 7000)).build());
        assertThat(window).extracting(AuditEntry::seq).containsExactly(6L, 5L, 4L, 3L);

        assertThat(log.query(AuditQuery.builder().action("command.verify").build()))
                .extracting(AuditEntry::seq).containsExactly(10L, 8L, 6L, 4L, 2L);
        assertThat(log.query(AuditQuery.builder().outcome(AuditOutcome.REFUSED).build()))
                .allSatisfy(e -> assertThat(e.reasonCode()).contains(ErrorCode.CMD_SIGNATURE_INVALID))
                .extracting(AuditEntry::seq).containsExactly(8L, 4L);
        assertThat(log.query(AuditQuery.builder().action("meter.upgrade").outcome(AuditOutcome.OK).limit(2).build()))
                .extracting(AuditEntry::seq).containsExactly(9L, 7L);
        assertThat(log.query(AuditQuery.builder().action("nothing").build())).isEmpty();
        assertThatThrownBy(() -> AuditQuery.builder().limit(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentAppendsFormOneContiguousChain() throws Exception {
        SqliteAuditLog real = new SqliteAuditLog(db, Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        real.append(AuditEvent.builder("thread-" + thread, "test.append").detail("i", i).build());
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        AuditVerification v = real.verify();
        assertThat(v.ok()).as(v.toString()).isTrue();
        assertThat(v.entriesChecked()).isEqualTo(100);
    }

    @Test
    void anEventNeedsAnActorAndAnAction() {
        assertThatThrownBy(() -> AuditEvent.builder("", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditEvent.builder("x", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
