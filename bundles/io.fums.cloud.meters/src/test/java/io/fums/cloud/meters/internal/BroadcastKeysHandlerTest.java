package io.fums.cloud.meters.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.crypto.DeviceKem;
import io.fums.store.AuditEntry;
import io.fums.store.AuditLog;
import io.fums.store.AuditOutcome;
import io.fums.store.AuditQuery;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * meters.keys.provision with {@code mediumId} (SEC-1, SEC-3, SEC-9): a shared medium's broadcast key and the
 * authentication key its broadcasts carry, sealed to this DCU's key-agreement key for that medium, are stored and
 * audited by key id; hostile bodies are refused with a clear code, audited, and change nothing.
 */
@Tag("SEC-1")
@Tag("SEC-3")
@Tag("SEC-9")
class BroadcastKeysHandlerTest {

    private static final DeviceId DCU = DeviceId.of("DCU-0042");
    private static final String BK = "000102030405060708090a0b0c0d0e0f";
    private static final String AK = "d0d1d2d3d4d5d6d7d8d9dadbdcdddedf";
    private static final byte[] KEYS = HexFormat.of().parseHex(BK + AK);

    @TempDir
    Path dir;
    private ClosableDatabase db;
    private AuditLog audit;
    private DeviceKem kem;
    private final FakeMeterKeys keys = new FakeMeterKeys("m-1");
    private MeterKeysHandler handler;

    @BeforeEach
    void setUp() throws FumsException {
        db = Stores.openDatabase(dir);
        audit = Stores.auditLog(db, Clock.systemUTC());
        kem = DeviceKem.loadOrCreate(dir.resolve(DeviceKem.FILE));
        keys.media.add("bus-1");
        handler = new MeterKeysHandler(kem, () -> keys, () -> new FakeMeters().meter("m-1", "FUMS-EM-1", "bus-1"),
                audit);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private String body(String medium, String keyId, byte[] sealed) {
        return "{\"mediumId\":\"" + medium + "\",\"keyAgreementKeyId\":\"" + keyId + "\",\"sealedKeys\":\""
                + Base64.getEncoder().encodeToString(sealed) + "\"}";
    }

    private byte[] sealed(String medium, byte[] plaintext) {
        return DeviceKem.seal(kem.publicKeyPem(), plaintext, DeviceKem.broadcastKeysAad(DCU.value(), medium));
    }

    private AuditEntry lastAudit() throws FumsException {
        return audit.query(AuditQuery.builder().action("meter.keys.provision.broadcast").build()).get(0);
    }

    @Test
    void broadcastKeysSealedForThisMediumAreStoredAndAuditedByKeyIdOnly() throws Exception {
        CloudResponse r = handler.handle(MeterKeysHandlerTest.exec(body("bus-1", kem.keyId(), sealed("bus-1", KEYS))));
        assertThat(r.toString()).doesNotContain(BK).doesNotContain(AK).contains("bus-1");
        assertThat(keys.broadcast.get("bus-1")[0]).isEqualTo(HexFormat.of().parseHex(BK));
        assertThat(keys.broadcast.get("bus-1")[1]).isEqualTo(HexFormat.of().parseHex(AK));
        assertThat(keys.stored).as("no meter's keys touched").isEmpty();
        AuditEntry e = lastAudit();
        assertThat(e.outcome()).isEqualTo(AuditOutcome.OK);
        assertThat(e.subject()).isEqualTo("bus-1");
        assertThat(e.detailJson()).contains(keys.broadcastKeyInfo("bus-1").orElseThrow().broadcastKeyId(), "op-a")
                .doesNotContain(BK).doesNotContain(AK);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sealed as a meter's keys", "sealed for another medium", "sealed for another DCU",
        "tampered", "another key id", "16 octets", "48 octets", "unknown field", "unknown medium", "not base64"})
    void hostileBroadcastKeysAreRefusedAuditedAndChangeNothing(String what) throws Exception {
        byte[] good = sealed("bus-1", KEYS);
        byte[] tampered = good.clone();
        tampered[tampered.length - 3] ^= 0x40;
        String body = switch (what) {
            case "sealed as a meter's keys" -> body("bus-1", kem.keyId(), DeviceKem.seal(kem.publicKeyPem(), KEYS,
                    DeviceKem.meterKeysAad(DCU.value(), "bus-1")));
            case "sealed for another medium" -> body("bus-1", kem.keyId(), sealed("bus-2", KEYS));
            case "sealed for another DCU" -> body("bus-1", kem.keyId(), DeviceKem.seal(kem.publicKeyPem(), KEYS,
                    DeviceKem.broadcastKeysAad("DCU-0043", "bus-1")));
            case "tampered" -> body("bus-1", kem.keyId(), tampered);
            case "another key id" -> body("bus-1", "0123456789abcdef", good);
            case "16 octets" -> body("bus-1", kem.keyId(), sealed("bus-1", Arrays.copyOf(KEYS, 16)));
            case "48 octets" -> body("bus-1", kem.keyId(), sealed("bus-1", Arrays.copyOf(KEYS, 48)));
            case "unknown field" -> body("bus-1", kem.keyId(), good).replace("{", "{\"meterId\":\"m-1\",");
            case "unknown medium" -> body("bus-9", kem.keyId(), sealed("bus-9", KEYS));
            case "not base64" -> body("bus-1", kem.keyId(), good).replace("\"sealedKeys\":\"", "\"sealedKeys\":\"*");
            default -> throw new IllegalArgumentException(what);
        };
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> handler.handle(
                MeterKeysHandlerTest.exec(body)));
        ErrorCode expected = what.equals("unknown medium") ? ErrorCode.METER_UNKNOWN : ErrorCode.CMD_MALFORMED;
        assertThat(t).as(what).isInstanceOfSatisfying(FumsException.class, e -> {
            assertThat(e.code()).isEqualTo(expected);
            assertThat(e.getMessage()).doesNotContain(BK).doesNotContain(AK);
        });
        assertThat(keys.broadcast).as("nothing stored").isEmpty();
        assertThat(keys.stored).as("nothing stored").isEmpty();
        AuditEntry e = lastAudit();
        assertThat(e.outcome()).isEqualTo(AuditOutcome.REFUSED);
        assertThat(e.reason()).isEqualTo(expected.name());
        assertThat(e.detailJson()).doesNotContain(BK).doesNotContain(AK);
    }
}
