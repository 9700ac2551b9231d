package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.KeyEncryptionKey;
import io.fums.dlms.security.SecurityKeys;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.meter.access.MeterKeys.BroadcastKeyInfo;
import io.fums.meter.access.MeterKeys.Source;
import io.fums.store.AuditEntry;
import io.fums.store.AuditQuery;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shared medium's broadcast key and the authentication key its broadcasts carry at rest (SEC-1, SEC-3): wrapped
 * in the DCU database with the medium and the role as associated data, never in plaintext; provisioned only for a
 * serial link of the inventory, refused (code, audit, nothing stored) otherwise.
 */
@Tag("SEC-1")
@Tag("SEC-3")
class BroadcastKeysTest {

    private static final KeyPair vendor = VendorKeys.generate();
    private static final byte[] BK = HexFormat.of().parseHex(Fixtures.EK);
    private static final byte[] AK = HexFormat.of().parseHex(Fixtures.AK);

    @TempDir
    Path dir;

    @Test
    void wrappedBroadcastKeysSurviveAReopenAndDoNotUnwrapWithAnotherKekOrAsAMetersOrAnotherMediums() throws Exception {
        Path data = dir.resolve("dcu");
        KeyEncryptionKey kek = KeyEncryptionKey.loadOrCreate(data.resolve(KeyEncryptionKey.FILE));
        try (ClosableDatabase db = Stores.openDatabase(data)) {
            byte[] given = BK.clone();
            BroadcastKeyInfo info = new MeterKeyStore(db, kek, Clock.systemUTC()).putBroadcast("bus", given, AK.clone());
            assertThat(info.broadcastKeyId()).isEqualTo(KeyEncryptionKey.fingerprint(BK)).matches("[0-9a-f]{16}");
            assertThat(info.authenticationKeyId()).isEqualTo(KeyEncryptionKey.fingerprint(AK));
            assertThat(info.kekId()).isEqualTo(kek.id());
            assertThat(given).as("the plaintext copy is zeroed").containsOnly(0);
        }
        try (ClosableDatabase db = Stores.openDatabase(data)) {
            MeterKeyStore reopened = new MeterKeyStore(db, KeyEncryptionKey.loadOrCreate(
                    data.resolve(KeyEncryptionKey.FILE)), Clock.systemUTC());
            assertThat(reopened.broadcastKeys("bus")).contains(new SecurityKeys(BK, AK));
            assertThat(reopened.broadcastInfo("bus").orElseThrow().broadcastKeyId())
                    .isEqualTo(KeyEncryptionKey.fingerprint(BK));
            assertThat(reopened.broadcastKeys("bus-2")).isEmpty();
            assertThat(reopened.keys("bus")).as("not a meter's keys").isEmpty();

            MeterKeyStore otherKek = new MeterKeyStore(db, KeyEncryptionKey.loadOrCreate(dir.resolve("other.key")),
                    Clock.systemUTC());
            assertThatThrownBy(() -> otherKek.broadcastKeys("bus")).isInstanceOfSatisfying(FumsException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_CORRUPT));
            // a row copied to another medium, or a meter's keys copied in, do not unwrap
            db.write(c -> c.createStatement().executeUpdate("INSERT INTO medium_key SELECT 'bus-2', kek_id,"
                    + " broadcast_key, authentication_key, broadcast_key_id, authentication_key_id, updated"
                    + " FROM medium_key WHERE medium='bus'"));
            assertThatThrownBy(() -> reopened.broadcastKeys("bus-2")).isInstanceOfSatisfying(FumsException.class,
                    e -> assertThat(e.getMessage()).contains("medium bus-2", "does not unwrap"));
            reopened.put("m-1", new SecurityKeys(BK, AK), Source.CLOUD);
            db.write(c -> c.createStatement().executeUpdate("INSERT INTO medium_key SELECT 'm-1', kek_id,"
                    + " encryption_key, authentication_key, encryption_key_id, authentication_key_id, updated"
                    + " FROM meter_key WHERE meter='m-1'"));
            assertThatThrownBy(() -> reopened.broadcastKeys("m-1")).isInstanceOfSatisfying(FumsException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_CORRUPT));
        }
        MeterKeysTest.assertNoKeyBytesUnder(data);
    }

    @Test
    void broadcastKeysAreProvisionedForASharedMediumOnlyAndHostileOnesChangeNothing() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is not installed (apt-get install socat)");
        Path bus = dir.resolve("bus");
        try (Fixtures.Emulated emu = Fixtures.emulate(dir, vendor, """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "media": [{"id": "bus", "pty": "%s"}],
                 "groups": [{"id": "c", "count": 2, "medium": "bus", "hdlcAddressBase": 40},
                            {"id": "t", "count": 1, "tcpPortBase": %d}]}
                """.formatted(bus, io.fums.testsupport.FreePorts.base(1)));
             Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"));
             MeterReadingService s = dcu.service(emu.inventory(), 2, 5, Map.of("bus", Fixtures.serial("bus", bus)))) {
            String tcpLink = s.meter("t-00001").orElseThrow().linkId();
            for (String notAMedium : List.of("nope", tcpLink)) {
                assertThatThrownBy(() -> s.provisionBroadcast(notAMedium, BK.clone(), AK.clone()))
                        .as(notAMedium).isInstanceOfSatisfying(FumsException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.METER_UNKNOWN));
            }
            assertThatThrownBy(() -> s.provisionBroadcast("bus", new byte[15], AK.clone()))
                    .isInstanceOfSatisfying(FumsException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CMD_MALFORMED));
            assertThat(s.broadcastKeyInfo("bus")).isEmpty();
            assertThat(s.broadcastKeyInfo(tcpLink)).isEmpty();

            BroadcastKeyInfo first = s.provisionBroadcast("bus", new byte[16], new byte[16]);
            BroadcastKeyInfo info = s.provisionBroadcast("bus", BK.clone(), AK.clone());
            assertThat(s.broadcastKeyInfo("bus")).contains(info);
            List<AuditEntry> stored = dcu.audit.query(AuditQuery.builder().action("meter.keys.broadcast.store")
                    .build());
            assertThat(stored).hasSize(2);
            assertThat(stored.get(0).subject()).isEqualTo("bus");
            assertThat(stored.get(0).detailJson()).contains(info.broadcastKeyId(), first.broadcastKeyId())
                    .doesNotContain(Fixtures.EK).doesNotContain(Fixtures.AK);
            s.close();
            MeterKeysTest.assertNoKeyBytesUnder(dcu.dataDir);
        }
    }
}
