package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.KeyEncryptionKey;
import io.fums.dlms.DlmsException;
import io.fums.dlms.security.SecurityKeys;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.meter.access.MeterKeys.KeyInfo;
import io.fums.meter.access.MeterKeys.Source;
import io.fums.store.AuditEntry;
import io.fums.store.AuditQuery;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import io.fums.testsupport.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meter keys at rest (SEC-1, SEC-2): wrapped in the DCU database, unwrapped only for an association; imported
 * once from plaintext keys in the inventory (WARN, audited); provisioned keys used by the next association; a
 * world-readable key-encryption key file stops the component.
 */
@Tag("SEC-1")
@Tag("SEC-2")
class MeterKeysTest {

    private static final KeyPair vendor = VendorKeys.generate();
    private static final byte[] EK = HexFormat.of().parseHex(Fixtures.EK);
    private static final byte[] AK = HexFormat.of().parseHex(Fixtures.AK);

    @TempDir
    Path dir;

    @Test
    void wrappedKeysSurviveAReopenAndDoNotUnwrapWithAnotherKekOrForAnotherMeter() throws Exception {
        Path data = dir.resolve("dcu");
        KeyEncryptionKey kek = KeyEncryptionKey.loadOrCreate(data.resolve(KeyEncryptionKey.FILE));
        try (ClosableDatabase db = Stores.openDatabase(data)) {
            KeyInfo info = new MeterKeyStore(db, kek, Clock.systemUTC()).put("m-1", new SecurityKeys(EK, AK),
                    Source.CLOUD);
            assertThat(info.encryptionKeyId()).isEqualTo(KeyEncryptionKey.fingerprint(EK)).matches("[0-9a-f]{16}");
            assertThat(info.kekId()).isEqualTo(kek.id());
        }
        try (ClosableDatabase db = Stores.openDatabase(data)) {
            MeterKeyStore reopened = new MeterKeyStore(db, KeyEncryptionKey.loadOrCreate(
                    data.resolve(KeyEncryptionKey.FILE)), Clock.systemUTC());
            assertThat(reopened.keys("m-1")).contains(new SecurityKeys(EK, AK));
            assertThat(reopened.info("m-1").orElseThrow().source()).isEqualTo(Source.CLOUD);
            assertThat(reopened.keys("m-2")).isEmpty();

            MeterKeyStore otherKek = new MeterKeyStore(db, KeyEncryptionKey.loadOrCreate(dir.resolve("other.key")),
                    Clock.systemUTC());
            assertThatThrownBy(() -> otherKek.keys("m-1")).isInstanceOfSatisfying(FumsException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_CORRUPT));
            // a row copied to another meter does not unwrap: the meter id is authenticated with each key
            db.write(c -> c.createStatement().executeUpdate("INSERT INTO meter_key SELECT 'm-2', kek_id,"
                    + " encryption_key, authentication_key, encryption_key_id, authentication_key_id, source, updated"
                    + " FROM meter_key WHERE meter='m-1'"));
            assertThatThrownBy(() -> reopened.keys("m-2")).isInstanceOfSatisfying(FumsException.class,
                    e -> assertThat(e.getMessage()).contains("meter m-2", "does not unwrap"));
        }
        assertNoKeyBytesUnder(data);
    }

    @Test
    void plaintextInventoryKeysAreImportedWrappedWarnedAboutAndTheMeterIsReadWithThem() throws Exception {
        try (Fixtures.Emulated emu = Fixtures.ciphered(dir, vendor, "k", 1, FreePorts.base(1), "{}");
             Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"))) {
            assertThat(Files.readString(emu.inventory())).contains(Fixtures.EK);
            MeterReadingComponent c = Fixtures.component(dcu, emu.inventory());
            assertThat(c.readNow("k-00001").values()).containsKey("1-0:1.8.0.255");
            assertThat(c.keyInfo("k-00001").orElseThrow().source()).isEqualTo(Source.INVENTORY);
            c.stop();
            List<AuditEntry> plaintext = dcu.audit.query(AuditQuery.builder().action("meter.keys.plaintext").build());
            assertThat(plaintext).singleElement().satisfies(e -> assertThat(e.subject())
                    .isEqualTo(emu.inventory().toString()));
            assertThat(dcu.audit.query(AuditQuery.builder().action("meter.keys.import").build())).singleElement()
                    .satisfies(e -> assertThat(e.detailJson()).contains("encryptionKeyId",
                            KeyEncryptionKey.fingerprint(EK)).doesNotContain(Fixtures.EK));

            // the operator removes the keys from the file: the meter is still read, with the stored keys
            toKeyRef(emu.inventory());
            assertThat(Files.readString(emu.inventory())).doesNotContain(Fixtures.EK).doesNotContain(Fixtures.AK);
            MeterReadingComponent again = Fixtures.component(dcu, emu.inventory());
            assertThat(again.readNow("k-00001").values()).containsKey("1-0:1.8.0.255");
            again.stop();
            assertThat(dcu.audit.query(AuditQuery.builder().action("meter.keys.plaintext").build())).hasSize(1);
            assertNoKeyBytesUnder(dcu.dataDir);
        }
    }

    @Test
    void provisionedKeysServeTheNextAssociationAndAnUnknownMeterIsRefused() throws Exception {
        try (Fixtures.Emulated emu = Fixtures.ciphered(dir, vendor, "p", 1, FreePorts.base(1), "{}");
             Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"))) {
            toKeyRef(emu.inventory());
            MeterReadingComponent c = Fixtures.component(dcu, emu.inventory());
            assertThatThrownBy(() -> c.readNow("p-00001")).isInstanceOfSatisfying(DlmsException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_MISSING);
                assertThat(e.getMessage()).contains("meters.keys.provision");
            });
            assertThatThrownBy(() -> c.provision("nobody", EK, AK)).isInstanceOfSatisfying(FumsException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.METER_UNKNOWN));
            assertThatThrownBy(() -> c.provision("p-00001", new byte[15], AK)).isInstanceOfSatisfying(
                    FumsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CMD_MALFORMED));
            assertThat(c.keyInfo("p-00001")).isEmpty();

            KeyInfo info = c.provision("p-00001", EK, AK);
            assertThat(info.source()).isEqualTo(Source.CLOUD);
            assertThat(c.readNow("p-00001").values()).containsKey("1-0:1.8.0.255");
            assertThat(dcu.audit.query(AuditQuery.builder().action("meter.keys.store").build())).singleElement()
                    .satisfies(e -> assertThat(e.detailJson()).contains("authenticationKeyId",
                            KeyEncryptionKey.fingerprint(AK), "kekId", dcu.kek.id()).doesNotContain(Fixtures.AK));
            c.stop();
            assertNoKeyBytesUnder(dcu.dataDir);
        }
    }

    @Test
    @Tag("SEC-3")
    void aMeterRekeyedWithFreshCountersIsReadWithTheNewKeysAndNotTakenForAReplay() throws Exception {
        String ek2 = "1f1e1d1c1b1a19181716151413121110";
        String ak2 = "2f2e2d2c2b2a29282726252423222120";
        try (Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"))) {
            try (Fixtures.Emulated before = Fixtures.ciphered(dir, vendor, "r", 1, FreePorts.base(1), "{}")) {
                MeterReadingComponent c = Fixtures.component(dcu, before.inventory());
                for (int i = 0; i < 3; i++) {
                    c.readNow("r-00001");
                }
                c.stop();
            }
            // the same meter with new keys and its counters begun anew (a key change restarts them at the meter)
            Path after = Files.createDirectories(dir.resolve("rekeyed"));
            try (Fixtures.Emulated emu = Fixtures.emulate(after, vendor, """
                    {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"], "defaults": {},
                     "groups": [{"id": "r", "count": 1, "tcpPortBase": %d,
                                 "security": {"authentication": "high-gmac", "encryptionKey": "%s",
                                              "authenticationKey": "%s", "ciphering": true}}]}
                    """.formatted(FreePorts.base(1), ek2, ak2))) {
                toKeyRef(emu.inventory());
                MeterReadingComponent c = Fixtures.component(dcu, emu.inventory());
                long sentBefore = new CounterStore(dcu.db, Clock.systemUTC()).stored("r-00001");
                c.provision("r-00001", HexFormat.of().parseHex(ek2), HexFormat.of().parseHex(ak2));
                assertThat(c.readNow("r-00001").values()).containsKey("1-0:1.8.0.255");
                assertThat(new CounterStore(dcu.db, Clock.systemUTC()).stored("r-00001")).as("ours keeps rising")
                        .isGreaterThan(sentBefore);
                c.stop();
            }
        }
    }

    @Test
    void aKeyEncryptionKeyFileOthersMayReadStopsTheComponent() throws Exception {
        try (Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"))) {
            Path kek = dcu.dataDir.resolve(KeyEncryptionKey.FILE);
            Files.setPosixFilePermissions(kek, PosixFilePermissions.fromString("rw-r-----"));
            Files.writeString(dir.resolve("meters.json"), "{}");
            assertThatThrownBy(() -> Fixtures.component(dcu, dir.resolve("meters.json")))
                    .isInstanceOfSatisfying(FumsException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                        assertThat(e.getMessage()).contains(kek.toString(), "rw-r-----");
                    });
            assertThat(dcu.audit.query(AuditQuery.builder().action("dcu.meter-kek.load").build())).singleElement()
                    .satisfies(e -> assertThat(e.reason()).isEqualTo("CONFIG_INVALID"));
        }
    }

    /** Rewrites an inventory to refer to the key store instead of holding the keys. */
    static void toKeyRef(Path inventory) throws Exception {
        Files.writeString(inventory, Files.readString(inventory)
                .replaceAll("\"encryptionKey\"\\s*:\\s*\"[0-9a-f]+\"", "\"keyRef\": \"store\"")
                .replaceAll(",\\s*\"authenticationKey\"\\s*:\\s*\"[0-9a-f]+\"", ""));
    }

    /** No file under {@code dir} holds a test key, neither as hex text nor as raw octets. */
    static void assertNoKeyBytesUnder(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String raw = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (byte[] key : new byte[][] {EK, AK}) {
                    assertThat(raw).as(f.toString()).doesNotContain(HexFormat.of().formatHex(key))
                            .doesNotContain(HexFormat.of().withUpperCase().formatHex(key))
                            .doesNotContain(new String(key, StandardCharsets.ISO_8859_1));
                }
            }
        }
    }
}
