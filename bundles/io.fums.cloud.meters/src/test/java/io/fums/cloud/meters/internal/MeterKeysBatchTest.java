package io.fums.cloud.meters.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
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
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * meters.keys.provision for many meters in one signed request (SEC-1, SEC-3, SEC-9): up to
 * {@value MeterKeysHandler#MAX_METERS} meters, each sealed on its own; one bad entry (or one too many) refuses
 * the whole request, audited, and nothing is stored.
 */
@Tag("SEC-1")
@Tag("SEC-3")
@Tag("SEC-9")
class MeterKeysBatchTest {

    private static final DeviceId DCU = DeviceId.of("DCU-0042") /* as MeterKeysHandlerTest.exec */;
    private static final int METERS = MeterKeysHandler.MAX_METERS + 1;

    @TempDir
    Path dir;
    private ClosableDatabase db;
    private AuditLog audit;
    private DeviceKem kem;
    private FakeMeterKeys keys;
    private MeterKeysHandler handler;

    @BeforeEach
    void setUp() throws FumsException {
        db = Stores.openDatabase(dir);
        audit = Stores.auditLog(db, Clock.systemUTC());
        kem = DeviceKem.loadOrCreate(dir.resolve(DeviceKem.FILE));
        FakeMeters inventory = new FakeMeters();
        IntStream.rangeClosed(1, METERS).forEach(i -> inventory.meter(id(i), "FUMS-EM-1", "l"));
        keys = new FakeMeterKeys(IntStream.rangeClosed(1, METERS).mapToObj(MeterKeysBatchTest::id)
                .toArray(String[]::new));
        handler = new MeterKeysHandler(kem, () -> keys, () -> inventory, audit);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static String id(int i) {
        return "m-%05d".formatted(i);
    }

    /** 32 octets, distinct per meter. */
    private static byte[] keysOf(String meterId) {
        byte[] k = new byte[32];
        byte[] id = meterId.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (id[i % id.length] + i);
        }
        return k;
    }

    private JsonObject entry(String meterId, byte[] sealed) {
        JsonObject e = new JsonObject();
        e.addProperty("meterId", meterId);
        e.addProperty("sealedKeys", Base64.getEncoder().encodeToString(sealed));
        return e;
    }

    private JsonObject entry(String meterId) {
        return entry(meterId, DeviceKem.seal(kem.publicKeyPem(), keysOf(meterId),
                DeviceKem.meterKeysAad(DCU.value(), meterId)));
    }

    private JsonObject batch(int count) {
        JsonArray a = new JsonArray();
        IntStream.rangeClosed(1, count).forEach(i -> a.add(entry(id(i))));
        JsonObject b = new JsonObject();
        b.addProperty("keyAgreementKeyId", kem.keyId());
        b.add("meters", a);
        return b;
    }

    @Test
    void sec1TheMostMetersOneRequestMayCarryAreAllStoredAndEachAuditedByKeyId() throws Exception {
        CloudResponse r = handler.handle(MeterKeysHandlerTest.exec(batch(MeterKeysHandler.MAX_METERS).toString()));
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) r.data();
        assertThat(data).containsEntry("count", MeterKeysHandler.MAX_METERS).containsEntry("kekId", "kek-of-the-test");
        assertThat(keys.stored).hasSize(MeterKeysHandler.MAX_METERS);
        for (String m : List.of(id(1), id(500), id(MeterKeysHandler.MAX_METERS))) {
            byte[] k = keysOf(m);
            assertThat(keys.stored.get(m)[0]).isEqualTo(java.util.Arrays.copyOf(k, 16));
            assertThat(keys.stored.get(m)[1]).isEqualTo(java.util.Arrays.copyOfRange(k, 16, 32));
        }
        List<AuditEntry> entries = audit.query(AuditQuery.builder().action("meter.keys.provision").limit(2000)
                .build());
        assertThat(entries).hasSize(MeterKeysHandler.MAX_METERS)
                .allSatisfy(e -> assertThat(e.outcome()).isEqualTo(AuditOutcome.OK));
        String hex = HexFormat.of().formatHex(keysOf(id(7)));
        assertThat(r.toString() + entries).doesNotContain(hex.substring(0, 32)).doesNotContain(hex.substring(32));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"one meter too many", "tampered entry", "entry sealed for another meter",
        "entry not base64", "unknown meter", "meter twice", "entry not an object", "entry with an unknown field",
        "empty list", "meters and meterId", "31 octets", "meter with a rotation pending"})
    void sec9OneBadEntryRefusesTheWholeRequestAuditedAndNothingIsStored(String what) throws Exception {
        JsonObject b = batch(what.equals("one meter too many") ? METERS : 5);
        JsonArray a = b.getAsJsonArray("meters");
        String good = a.get(3).getAsJsonObject().get("sealedKeys").getAsString();
        byte[] tampered = Base64.getDecoder().decode(good);
        tampered[tampered.length - 5] ^= 1;
        switch (what) {
            case "one meter too many", "empty list", "meters and meterId" -> { }
            case "meter with a rotation pending" -> keys.pending.add(id(4));
            case "tampered entry" -> a.set(3, entry(id(4), tampered));
            case "entry sealed for another meter" -> a.get(3).getAsJsonObject().addProperty("meterId", id(9));
            case "entry not base64" -> a.get(3).getAsJsonObject().addProperty("sealedKeys", "*" + good);
            case "unknown meter" -> a.set(3, entry("m-unknown"));
            case "meter twice" -> a.set(3, entry(id(1)));
            case "entry not an object" -> a.set(3, new com.google.gson.JsonPrimitive(good));
            case "entry with an unknown field" -> a.get(3).getAsJsonObject().addProperty("encryptionKey", "00");
            case "31 octets" -> a.set(3, entry(id(4), DeviceKem.seal(kem.publicKeyPem(),
                    java.util.Arrays.copyOf(keysOf(id(4)), 31), DeviceKem.meterKeysAad(DCU.value(), id(4)))));
            default -> throw new IllegalArgumentException(what);
        }
        if (what.equals("empty list")) {
            b.add("meters", new JsonArray());
        }
        if (what.equals("meters and meterId")) {
            b.addProperty("meterId", id(1));
        }
        Throwable t = catchThrowable(() -> handler.handle(MeterKeysHandlerTest.exec(b.toString())));
        ErrorCode expected = what.equals("unknown meter") ? ErrorCode.METER_UNKNOWN
                : what.equals("meter with a rotation pending") ? ErrorCode.METER_KEYS_PENDING : ErrorCode.CMD_MALFORMED;
        assertThat(t).as(what).isInstanceOfSatisfying(FumsException.class, e -> {
            assertThat(e.code()).isEqualTo(expected);
            assertThat(e.getMessage()).startsWith(MeterKeysHandler.OPERATION + ": ");
            if (!List.of("one meter too many", "empty list", "meters and meterId").contains(what)) {
                assertThat(e.getMessage()).contains("meters[3]", "nothing was changed");
            }
        });
        assertThat(keys.stored).as("nothing stored").isEmpty();
        List<AuditEntry> entries = audit.query(AuditQuery.builder().action("meter.keys.provision").build());
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(AuditOutcome.REFUSED);
            assertThat(e.reason()).isEqualTo(expected.name());
        });
    }
}
