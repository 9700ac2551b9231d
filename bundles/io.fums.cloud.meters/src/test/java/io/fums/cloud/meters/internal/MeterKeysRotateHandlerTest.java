package io.fums.cloud.meters.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

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
import io.fums.store.AuditOutcome;
import io.fums.store.AuditQuery;
import io.fums.store.internal.SqliteAuditLog;
import io.fums.store.internal.SqliteDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code meters.keys.rotate} (SEC-1): the master key and the new keys sealed
 * to the DCU (ECIES), opened and handed to the key rotation on the meter;
 * refused while a campaign holds the meter; audited by key id only. The
 * rotation itself against an emulated meter: meter.reading's KeyRotationTest.
 */
@Tag("SEC-1")
@Tag("SEC-4")
class MeterKeysRotateHandlerTest {

    private static final DeviceId DCU = DeviceId.of("DCU-0042");
    private static final String KEK = "0f0e0d0c0b0a09080706050403020100";
    private static final String EK = "00112233445566778899aabbccddeeff";
    private static final String AK = "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf";
    private static final byte[] PLAIN = HexFormat.of().parseHex(KEK + EK + AK);
    private static final String SPEC = "{\"id\":\"fw-2\",\"firmware\":\"" + FakeCampaignService.SHA + "\","
            + "\"meters\":[\"m-1\"],\"activation\":{\"mode\":\"immediately\"},"
            + "\"rollout\":{\"waves\":[\"rest\"],\"concurrencyPerLink\":2,\"maxAttempts\":4,\"errorThreshold\":\"20%\"}}";

    @TempDir
    Path dir;
    private SqliteDatabase db;
    private SqliteAuditLog audit;
    private DeviceKem kem;
    private final FakeMeterKeys keys = new FakeMeterKeys("m-1", "m-2");
    private final FakeCampaignService campaigns = new FakeCampaignService();
    private MeterKeysHandler handler;

    @BeforeEach
    void setUp() throws FumsException {
        db = SqliteDatabase.open(dir);
        audit = new SqliteAuditLog(db, Clock.systemUTC());
        kem = DeviceKem.loadOrCreate(dir.resolve(DeviceKem.FILE));
        handler = new MeterKeysHandler(kem, () -> keys, () -> campaigns, audit);
        keys.provision("m-1", new byte[16], new byte[16]);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static CloudRequest exec(String body) {
        Instant now = Instant.now();
        VerifiedCommand c = new VerifiedCommand(MeterKeysHandler.ROTATE, DCU, now, now.plusSeconds(60),
                "n".repeat(22), body, "op-a", "0".repeat(64), now.plusSeconds(120), List.of());
        return new CloudRequest(MeterKeysHandler.ROTATE, RequestKind.EXEC, body, c, DCU, "r9", now);
    }

    private String body(String meterId, byte[] plaintext) {
        byte[] sealed = DeviceKem.seal(kem.publicKeyPem(), plaintext, DeviceKem.meterKeysAad(DCU.value(), meterId));
        return "{\"meterId\":\"" + meterId + "\",\"keyAgreementKeyId\":\"" + kem.keyId() + "\",\"sealedKeys\":\""
                + Base64.getEncoder().encodeToString(sealed) + "\"}";
    }

    private AuditEntry lastAudit() throws FumsException {
        return audit.query(AuditQuery.builder().action("meter.keys.rotate.request").build()).get(0);
    }

    @Test
    void theMasterKeyAndNewKeysAreOpenedAndRotatedAndAuditedByKeyIdOnly() throws Exception {
        CloudResponse r = handler.handle(exec(body("m-1", PLAIN)));
        assertThat(r.toString()).doesNotContain(EK).doesNotContain(AK).doesNotContain(KEK);
        assertThat(keys.rotatedWith.get("m-1")).isEqualTo(HexFormat.of().parseHex(KEK));
        assertThat(keys.stored.get("m-1")[0]).isEqualTo(HexFormat.of().parseHex(EK));
        assertThat(keys.stored.get("m-1")[1]).isEqualTo(HexFormat.of().parseHex(AK));
        AuditEntry e = lastAudit();
        assertThat(e.outcome()).isEqualTo(AuditOutcome.OK);
        assertThat(e.detailJson()).contains(keys.keyInfo("m-1").orElseThrow().encryptionKeyId(), "op-a")
                .doesNotContain(EK).doesNotContain(AK).doesNotContain(KEK);
    }

    @Test
    void refusedWhileACampaignHoldsTheMeter() throws Exception {
        campaigns.create(CampaignSpecJson.read(SPEC));
        Throwable t = catchThrowable(() -> handler.handle(exec(body("m-1", PLAIN))));
        assertThat(t).isInstanceOfSatisfying(FumsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CMD_METER_IN_CAMPAIGN));
        assertThat(keys.rotatedWith).isEmpty();
        assertThat(lastAudit().reason()).isEqualTo("CMD_METER_IN_CAMPAIGN");
        campaigns.cancel("fw-2");
        handler.handle(exec(body("m-1", PLAIN)));
        assertThat(keys.rotatedWith).containsKey("m-1");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"32 octets (provision's)", "47 octets", "sealed for another meter", "unknown meter"})
    void hostileRequestsAreRefusedAuditedAndChangeNothing(String what) throws Exception {
        String body = switch (what) {
            case "32 octets (provision's)" -> body("m-1", Arrays.copyOf(PLAIN, 32));
            case "47 octets" -> body("m-1", Arrays.copyOf(PLAIN, 47));
            case "sealed for another meter" -> body("m-2", PLAIN).replace("\"m-2\"", "\"m-1\"");
            case "unknown meter" -> body("m-9", PLAIN);
            default -> throw new IllegalArgumentException(what);
        };
        ErrorCode expected = what.equals("unknown meter") ? ErrorCode.METER_UNKNOWN : ErrorCode.CMD_MALFORMED;
        Throwable t = catchThrowable(() -> handler.handle(exec(body)));
        assertThat(t).as(what).isInstanceOfSatisfying(FumsException.class, e -> {
            assertThat(e.code()).isEqualTo(expected);
            assertThat(e.getMessage()).doesNotContain(EK).doesNotContain(KEK);
        });
        assertThat(keys.rotatedWith).as("nothing rotated").isEmpty();
        AuditEntry e = lastAudit();
        assertThat(e.outcome()).isEqualTo(AuditOutcome.REFUSED);
        assertThat(e.reason()).isEqualTo(expected.name());
    }
}
