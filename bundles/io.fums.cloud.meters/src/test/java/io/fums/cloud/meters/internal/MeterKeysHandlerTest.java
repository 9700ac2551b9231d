package io.fums.cloud.meters.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.RequestKind;
import io.fums.crypto.DeviceKem;
import io.fums.crypto.VerifiedCommand;
import io.fums.meter.upgrade.json.CampaignSpecJson;
import io.fums.store.AuditEntry;
import io.fums.store.AuditLog;
import io.fums.store.AuditOutcome;
import io.fums.store.AuditQuery;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * meters.keys.provision (SEC-1, SEC-3, SEC-9): keys sealed to this DCU's key-agreement key (a meter's, or a shared
 * medium's broadcast keys) are stored and
 * audited by key id; hostile bodies are refused with a clear code, audited, and change nothing.
 */
@Tag("SEC-1")
@Tag("SEC-3")
@Tag("SEC-9")
class MeterKeysHandlerTest {

    private static final DeviceId DCU = DeviceId.of("DCU-0042");
    private static final String EK = "00112233445566778899aabbccddeeff";
    private static final String AK = "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf";
    private static final byte[] KEYS = HexFormat.of().parseHex(EK + AK);

    @TempDir
    Path dir;
    private ClosableDatabase db;
    private AuditLog audit;
    private DeviceKem kem;
    private final FakeMeterKeys keys = new FakeMeterKeys("m-1", "m-2");
    {
        keys.media.add("bus-1");
    }
    private final FakeCampaignService campaigns = new FakeCampaignService();
    private MeterKeysHandler handler;

    @BeforeEach
    void setUp() throws FumsException {
        db = Stores.openDatabase(dir);
        audit = Stores.auditLog(db, Clock.systemUTC());
        kem = DeviceKem.loadOrCreate(dir.resolve(DeviceKem.FILE));
        handler = new MeterKeysHandler(kem, () -> keys, () -> new FakeMeters().meter("m-1", "FUMS-EM-1", "l")
                .meter("m-2", "FUMS-EM-1", "l"), () -> campaigns, audit);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    static CloudRequest exec(String body) {
        return exec(MeterKeysHandler.OPERATION, body);
    }

    static CloudRequest exec(String op, String body) {
        Instant now = Instant.now();
        VerifiedCommand c = new VerifiedCommand(op, DCU, now, now.plusSeconds(60),
                "n".repeat(22), body, "op-a", "0".repeat(64), now.plusSeconds(120), List.of());
        return new CloudRequest(op, RequestKind.EXEC, body, c, DCU, "r9", now);
    }

    private String body(String meterId, String keyId, byte[] sealed) {
        return "{\"meterId\":\"" + meterId + "\",\"keyAgreementKeyId\":\"" + keyId + "\",\"sealedKeys\":\""
                + Base64.getEncoder().encodeToString(sealed) + "\"}";
    }

    private byte[] sealed(String meterId, byte[] plaintext) {
        return DeviceKem.seal(kem.publicKeyPem(), plaintext, DeviceKem.meterKeysAad(DCU.value(), meterId));
    }

    @Test
    void keysSealedToThisDcuForThisMeterAreStoredAndAuditedByKeyIdOnly() throws Exception {
        CloudResponse r = handler.handle(exec(body("m-1", kem.keyId(), sealed("m-1", KEYS))));
        assertThat(r.toString()).doesNotContain(EK).doesNotContain(AK);
        assertThat(keys.stored.get("m-1")[0]).isEqualTo(HexFormat.of().parseHex(EK));
        assertThat(keys.stored.get("m-1")[1]).isEqualTo(HexFormat.of().parseHex(AK));
        AuditEntry e = audit.query(AuditQuery.builder().action("meter.keys.provision").build()).get(0);
        assertThat(e.outcome()).isEqualTo(AuditOutcome.OK);
        assertThat(e.subject()).isEqualTo("m-1");
        assertThat(e.detailJson()).contains(keys.keyInfo("m-1").orElseThrow().encryptionKeyId(), "op-a")
                .doesNotContain(EK).doesNotContain(AK);
    }

    @Test
    void theStateSectionPublishesTheKeyAgreementPublicKey() {
        Map<String, Object> s = handler.state();
        assertThat(s).containsEntry("keyId", kem.keyId()).containsEntry("algorithm", MeterKeysHandler.SUITE)
                .containsEntry("publicKey", kem.publicKeyPem());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sealed for another meter", "sealed for another DCU", "tampered", "not base64",
        "oversize", "another key id", "31 octets", "unknown field", "unknown meter", "truncated"})
    void hostileRequestsAreRefusedAuditedAndChangeNothing(String what) throws Exception {
        byte[] good = sealed("m-1", KEYS);
        byte[] tampered = good.clone();
        tampered[tampered.length - 3] ^= 0x40;
        String body = switch (what) {
            case "sealed for another meter" -> body("m-1", kem.keyId(), sealed("m-2", KEYS));
            case "sealed for another DCU" -> body("m-1", kem.keyId(), DeviceKem.seal(kem.publicKeyPem(), KEYS,
                    DeviceKem.meterKeysAad("DCU-0043", "m-1")));
            case "tampered" -> body("m-1", kem.keyId(), tampered);
            case "not base64" -> body("m-1", kem.keyId(), good).replace("\"sealedKeys\":\"", "\"sealedKeys\":\"*");
            case "oversize" -> body("m-1", kem.keyId(), new byte[DeviceKem.MAX_SEALED + 1]);
            case "another key id" -> body("m-1", "0123456789abcdef", good);
            case "31 octets" -> body("m-1", kem.keyId(), sealed("m-1", java.util.Arrays.copyOf(KEYS, 31)));
            case "unknown field" -> body("m-1", kem.keyId(), good).replace("{", "{\"keys\":\"" + EK + "\",");
            case "unknown meter" -> body("m-9", kem.keyId(), sealed("m-9", KEYS));
            case "truncated" -> body("m-1", kem.keyId(), java.util.Arrays.copyOf(good, 60));
            default -> throw new IllegalArgumentException(what);
        };
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> handler.handle(exec(body)));
        ErrorCode expected = what.equals("unknown meter") ? ErrorCode.METER_UNKNOWN : ErrorCode.CMD_MALFORMED;
        assertThat(t).as(what).isInstanceOfSatisfying(FumsException.class, e -> {
            assertThat(e.code()).isEqualTo(expected);
            assertThat(e.getMessage()).doesNotContain(EK).doesNotContain(AK);
        });
        assertThat(keys.stored).as("nothing stored").isEmpty();
        AuditEntry e = audit.query(AuditQuery.builder().action("meter.keys.provision").build()).get(0);
        assertThat(e.outcome()).isEqualTo(AuditOutcome.REFUSED);
        assertThat(e.reason()).isEqualTo(expected.name());
        assertThat(e.detailJson()).doesNotContain(EK).doesNotContain(AK);
    }

    // meters.keys.rotate: the master key and the new keys, opened and handed to the rotation on the meter (the
    // rotation itself against an emulated meter: meter.reading's KeyRotationTest)

    private static final String KEK = "0f0e0d0c0b0a09080706050403020100";
    private static final byte[] ROTATE_KEYS = HexFormat.of().parseHex(KEK + EK + AK);
    private static final String SPEC = "{\"id\":\"fw-2\",\"firmware\":\"" + FakeCampaignService.SHA + "\","
            + "\"meters\":[\"m-1\"],\"activation\":{\"mode\":\"immediately\"},"
            + "\"rollout\":{\"waves\":[\"rest\"],\"concurrencyPerLink\":2,\"maxAttempts\":4,\"errorThreshold\":\"20%\"}}";

    private CloudRequest rotate(String meterId, String sealedFor, byte[] plaintext) {
        return exec(MeterKeysHandler.ROTATE, body(meterId, kem.keyId(), sealed(sealedFor, plaintext)));
    }

    private AuditEntry lastRotateAudit() throws FumsException {
        return audit.query(AuditQuery.builder().action("meter.keys.rotate.request").build()).get(0);
    }

    @Test
    void rotateOpensTheMasterKeyAndTheNewKeysAndAuditsByKeyIdOnly() throws Exception {
        keys.provision("m-1", new byte[16], new byte[16]);
        CloudResponse r = handler.handle(rotate("m-1", "m-1", ROTATE_KEYS));
        assertThat(r.toString()).doesNotContain(EK).doesNotContain(AK).doesNotContain(KEK);
        assertThat(keys.rotatedWith.get("m-1")).isEqualTo(HexFormat.of().parseHex(KEK));
        assertThat(keys.stored.get("m-1")[0]).isEqualTo(HexFormat.of().parseHex(EK));
        assertThat(keys.stored.get("m-1")[1]).isEqualTo(HexFormat.of().parseHex(AK));
        AuditEntry e = lastRotateAudit();
        assertThat(e.outcome()).isEqualTo(AuditOutcome.OK);
        assertThat(e.detailJson()).contains(keys.keyInfo("m-1").orElseThrow().encryptionKeyId(), "op-a")
                .doesNotContain(EK).doesNotContain(AK).doesNotContain(KEK);
    }

    @Tag("SEC-4")
    @Test
    void rotateIsRefusedWhileACampaignHoldsTheMeter() throws Exception {
        keys.provision("m-1", new byte[16], new byte[16]);
        campaigns.create(CampaignSpecJson.read(SPEC));
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> handler.handle(rotate("m-1", "m-1",
                ROTATE_KEYS)));
        assertThat(t).isInstanceOfSatisfying(FumsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CMD_METER_IN_CAMPAIGN));
        assertThat(keys.rotatedWith).isEmpty();
        assertThat(lastRotateAudit().reason()).isEqualTo("CMD_METER_IN_CAMPAIGN");
        campaigns.cancel("fw-2");
        handler.handle(rotate("m-1", "m-1", ROTATE_KEYS));
        assertThat(keys.rotatedWith).containsKey("m-1");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"32 octets (provision's)", "47 octets", "sealed for another meter", "unknown meter"})
    void hostileRotationsAreRefusedAuditedAndChangeNothing(String what) throws Exception {
        keys.provision("m-1", new byte[16], new byte[16]);
        CloudRequest request = switch (what) {
            case "32 octets (provision's)" -> rotate("m-1", "m-1", java.util.Arrays.copyOf(ROTATE_KEYS, 32));
            case "47 octets" -> rotate("m-1", "m-1", java.util.Arrays.copyOf(ROTATE_KEYS, 47));
            case "sealed for another meter" -> rotate("m-1", "m-2", ROTATE_KEYS);
            case "unknown meter" -> rotate("m-9", "m-9", ROTATE_KEYS);
            default -> throw new IllegalArgumentException(what);
        };
        ErrorCode expected = what.equals("unknown meter") ? ErrorCode.METER_UNKNOWN : ErrorCode.CMD_MALFORMED;
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> handler.handle(request));
        assertThat(t).as(what).isInstanceOfSatisfying(FumsException.class, e -> {
            assertThat(e.code()).isEqualTo(expected);
            assertThat(e.getMessage()).doesNotContain(EK).doesNotContain(KEK);
        });
        assertThat(keys.rotatedWith).as("nothing rotated").isEmpty();
        AuditEntry e = lastRotateAudit();
        assertThat(e.outcome()).isEqualTo(AuditOutcome.REFUSED);
        assertThat(e.reason()).isEqualTo(expected.name());
    }

    // meters.keys.provision with mediumId (access 1.1): a shared medium's broadcast key and the authentication key
    // its broadcasts carry (the real store: meter.reading's BroadcastKeysTest)

    private static final String BK = "000102030405060708090a0b0c0d0e0f";
    private static final String BAK = "d0d1d2d3d4d5d6d7d8d9dadbdcdddedf";
    private static final byte[] BROADCAST_KEYS = HexFormat.of().parseHex(BK + BAK);

    private String mediumBody(String medium, String keyId, byte[] sealed) {
        return "{\"mediumId\":\"" + medium + "\",\"keyAgreementKeyId\":\"" + keyId + "\",\"sealedKeys\":\""
                + Base64.getEncoder().encodeToString(sealed) + "\"}";
    }

    private byte[] sealedForMedium(String medium, byte[] plaintext) {
        return DeviceKem.seal(kem.publicKeyPem(), plaintext, DeviceKem.broadcastKeysAad(DCU.value(), medium));
    }

    private AuditEntry lastBroadcastAudit() throws FumsException {
        return audit.query(AuditQuery.builder().action("meter.keys.provision.broadcast").build()).get(0);
    }

    @Test
    void broadcastKeysSealedForThisMediumAreStoredAndAuditedByKeyIdOnly() throws Exception {
        CloudResponse r = handler.handle(exec(mediumBody("bus-1", kem.keyId(), sealedForMedium("bus-1",
                BROADCAST_KEYS))));
        assertThat(r.toString()).doesNotContain(BK).doesNotContain(BAK).contains("bus-1");
        assertThat(keys.broadcast.get("bus-1")[0]).isEqualTo(HexFormat.of().parseHex(BK));
        assertThat(keys.broadcast.get("bus-1")[1]).isEqualTo(HexFormat.of().parseHex(BAK));
        assertThat(keys.stored).as("no meter's keys touched").isEmpty();
        AuditEntry e = lastBroadcastAudit();
        assertThat(e.outcome()).isEqualTo(AuditOutcome.OK);
        assertThat(e.subject()).isEqualTo("bus-1");
        assertThat(e.detailJson()).contains(keys.broadcastKeyInfo("bus-1").orElseThrow().broadcastKeyId(), "op-a")
                .doesNotContain(BK).doesNotContain(BAK);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sealed as a meter's keys", "sealed for another medium", "sealed for another DCU",
        "tampered", "another key id", "16 octets", "48 octets", "unknown field", "unknown medium", "not base64"})
    void hostileBroadcastKeysAreRefusedAuditedAndChangeNothing(String what) throws Exception {
        byte[] good = sealedForMedium("bus-1", BROADCAST_KEYS);
        byte[] tampered = good.clone();
        tampered[tampered.length - 3] ^= 0x40;
        String body = switch (what) {
            case "sealed as a meter's keys" -> mediumBody("bus-1", kem.keyId(), DeviceKem.seal(kem.publicKeyPem(), KEYS,
                    DeviceKem.meterKeysAad(DCU.value(), "bus-1")));
            case "sealed for another medium" -> mediumBody("bus-1", kem.keyId(), sealedForMedium("bus-2",
                    BROADCAST_KEYS));
            case "sealed for another DCU" -> mediumBody("bus-1", kem.keyId(), DeviceKem.seal(kem.publicKeyPem(), KEYS,
                    DeviceKem.broadcastKeysAad("DCU-0043", "bus-1")));
            case "tampered" -> mediumBody("bus-1", kem.keyId(), tampered);
            case "another key id" -> mediumBody("bus-1", "0123456789abcdef", good);
            case "16 octets" -> mediumBody("bus-1", kem.keyId(), sealedForMedium("bus-1",
                    Arrays.copyOf(BROADCAST_KEYS, 16)));
            case "48 octets" -> mediumBody("bus-1", kem.keyId(), sealedForMedium("bus-1",
                    Arrays.copyOf(BROADCAST_KEYS, 48)));
            case "unknown field" -> mediumBody("bus-1", kem.keyId(), good).replace("{", "{\"meterId\":\"m-1\",");
            case "unknown medium" -> mediumBody("bus-9", kem.keyId(), sealedForMedium("bus-9", BROADCAST_KEYS));
            case "not base64" -> mediumBody("bus-1", kem.keyId(), good).replace("\"sealedKeys\":\"",
                    "\"sealedKeys\":\"*");
            default -> throw new IllegalArgumentException(what);
        };
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> handler.handle(exec(body)));
        ErrorCode expected = what.equals("unknown medium") ? ErrorCode.METER_UNKNOWN : ErrorCode.CMD_MALFORMED;
        assertThat(t).as(what).isInstanceOfSatisfying(FumsException.class, e -> {
            assertThat(e.code()).isEqualTo(expected);
            assertThat(e.getMessage()).doesNotContain(BK).doesNotContain(BAK);
        });
        assertThat(keys.broadcast).as("nothing stored").isEmpty();
        assertThat(keys.stored).as("nothing stored").isEmpty();
        AuditEntry e = lastBroadcastAudit();
        assertThat(e.outcome()).isEqualTo(AuditOutcome.REFUSED);
        assertThat(e.reason()).isEqualTo(expected.name());
        assertThat(e.detailJson()).doesNotContain(BK).doesNotContain(BAK);
    }
}
