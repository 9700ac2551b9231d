package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.KeyEncryptionKey;
import io.fums.emulator.meter.config.MeterKeys;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.meter.access.MeterKeys.KeyInfo;
import io.fums.store.AuditEntry;
import io.fums.store.AuditOutcome;
import io.fums.store.AuditQuery;
import io.fums.testsupport.FreePorts;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Key rotation on the meter (SEC-1) against an emulated ciphered meter: new
 * keys pending, key_transfer under the old keys, confirmed by a read under the
 * new ones, then active. A DCU kill after each step leaves a store that the
 * meter's next contact settles to what the meter holds; the meter stays
 * readable. Refusals keep the old keys and are audited.
 */
@Tag("SEC-1")
@Tag("SEC-8")
class KeyRotationTest {

    private static final KeyPair vendor = VendorKeys.generate();
    private static final String METER = "r-00001";
    private static final byte[] NEW_EK = HexFormat.of().parseHex("A0A1A2A3A4A5A6A7A8A9AAABACADAEAF");
    private static final byte[] NEW_AK = HexFormat.of().parseHex("B0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF");
    private static final String OLD_EK_ID = KeyEncryptionKey.fingerprint(HexFormat.of().parseHex(Fixtures.EK));
    private static final String NEW_EK_ID = KeyEncryptionKey.fingerprint(NEW_EK);
    @TempDir
    Path dir;

    /** Stands for a DCU kill: nothing after it runs, no clean-up. */
    static final class Killed extends RuntimeException {
        Killed(KeyRotation.Step at) {
            super("killed after " + at);
        }
    }

    private Fixtures.Emulated meter() throws Exception {
        return Fixtures.ciphered(dir, vendor, "r", 1, FreePorts.base(1), "{}");
    }

    private byte[] masterKey() throws Exception {
        return MeterKeys.load(dir.resolve("state")).masterKey(METER);
    }

    private static List<String> actions(Fixtures.Dcu dcu, AuditOutcome outcome) throws FumsException {
        return dcu.audit.query(AuditQuery.builder().outcome(outcome).limit(1000).build()).stream()
                .map(AuditEntry::action).filter(a -> a.startsWith("meter.keys.rotate")).toList();
    }

    @Test
    void rotatesOnTheMeterConfirmsThenForgetsTheOldKeys() throws Exception {
        try (Fixtures.Emulated emu = meter(); Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"))) {
            MeterReadingService s = dcu.service(emu.inventory(), 3600, 5, Map.of());
            try {
                assertThat(s.keyInfo(METER).orElseThrow().encryptionKeyId()).isEqualTo(OLD_EK_ID);
                KeyInfo after = s.rotate(METER, masterKey(), NEW_EK, NEW_AK);
                assertThat(after.encryptionKeyId()).isEqualTo(NEW_EK_ID);
                assertThat(s.keyInfo(METER).orElseThrow().encryptionKeyId()).isEqualTo(NEW_EK_ID);
                assertThat(s.pendingKeyInfo(METER)).isEmpty();
                assertThat(s.readNow(METER).values()).containsKey("1-0:1.8.0.255");
                assertThat(actions(dcu, AuditOutcome.OK)).as("newest first").containsExactly(
                        "meter.keys.rotate.active", "meter.keys.rotate.confirm", "meter.keys.rotate.transfer",
                        "meter.keys.rotate.pending");
                assertThat(dcu.audit.query(AuditQuery.builder().action("meter.keys.rotate.active").build()))
                        .singleElement().satisfies(e -> assertThat(e.detailJson()).contains(NEW_EK_ID)
                                .doesNotContain(HexFormat.of().formatHex(NEW_EK)));
            } finally {
                s.close();
            }
        }
    }

    /** A kill after each step; the restarted DCU reads the meter and its store converges to the meter's keys. */
    @ParameterizedTest
    @EnumSource(KeyRotation.Step.class)
    void aKillAfterAnyStepLeavesTheMeterReadableAndTheStoreConverges(KeyRotation.Step killAt) throws Exception {
        try (Fixtures.Emulated emu = meter(); Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"))) {
            MeterReadingService first = dcu.service(emu.inventory(), 3600, 5, Map.of());
            first.rotation().listener((m, step) -> {
                if (step == killAt) {
                    throw new Killed(step);
                }
            });
            try {
                assertThatThrownBy(() -> first.rotate(METER, masterKey(), NEW_EK, NEW_AK)).isInstanceOf(Killed.class);
            } finally {
                first.close();
            }
            boolean meterTookThem = killAt != KeyRotation.Step.PENDING_STORED;
            MeterReadingService restarted = dcu.service(emu.inventory(), 3600, 5, Map.of());
            try {
                assertThat(restarted.rotation().pendingMeters()).as("pending after a kill at " + killAt)
                        .isEqualTo(killAt == KeyRotation.Step.ACTIVE ? java.util.Set.of() : java.util.Set.of(METER));
                assertThat(restarted.readNow(METER).values()).containsKey("1-0:1.8.0.255");
                assertThat(restarted.keyInfo(METER).orElseThrow().encryptionKeyId())
                        .isEqualTo(meterTookThem ? NEW_EK_ID : OLD_EK_ID);
                assertThat(restarted.pendingKeyInfo(METER)).isEmpty();
                assertThat(restarted.rotation().pendingMeters()).isEmpty();
                assertThat(restarted.readNow(METER).values()).containsKey("1-0:1.8.0.255");
            } finally {
                restarted.close();
            }
            if (killAt == KeyRotation.Step.PENDING_STORED) {
                assertThat(dcu.audit.query(AuditQuery.builder().action("meter.keys.rotate.settle").build()))
                        .singleElement().satisfies(e -> assertThat(e.detailJson()).contains("\"kept\"", "old"));
            } else if (killAt != KeyRotation.Step.ACTIVE) {
                assertThat(dcu.audit.query(AuditQuery.builder().action("meter.keys.rotate.active").build()))
                        .singleElement().satisfies(e -> assertThat(e.detailJson()).contains("settled"));
            }
        }
    }

    /**
     * A rotation interrupted after key_transfer leaves the new keys pending: keys provisioned now could be neither
     * the meter's old nor its new ones, so provisioning is refused (METER_KEYS_PENDING) and changes nothing until
     * the meter's next contact settles the rotation; then it is accepted.
     */
    @Test
    void provisioningIsRefusedWhileAnInterruptedRotationIsPending() throws Exception {
        byte[] otherEk = HexFormat.of().parseHex("C0C1C2C3C4C5C6C7C8C9CACBCCCDCECF");
        byte[] otherAk = HexFormat.of().parseHex("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF");
        try (Fixtures.Emulated emu = meter(); Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"))) {
            MeterReadingService first = dcu.service(emu.inventory(), 3600, 5, Map.of());
            first.rotation().listener((m, step) -> {
                if (step == KeyRotation.Step.TRANSFERRED) {
                    throw new Killed(step);
                }
            });
            try {
                assertThatThrownBy(() -> first.rotate(METER, masterKey(), NEW_EK, NEW_AK)).isInstanceOf(Killed.class);
            } finally {
                first.close();
            }
            MeterReadingService restarted = dcu.service(emu.inventory(), 3600, 5, Map.of());
            try {
                assertThat(restarted.pendingKeyInfo(METER)).isPresent();
                assertThatThrownBy(() -> restarted.provision(METER, otherEk, otherAk))
                        .isInstanceOfSatisfying(FumsException.class, e -> assertThat(e.code())
                                .isEqualTo(ErrorCode.METER_KEYS_PENDING))
                        .hasMessageContaining("nothing was changed");
                assertThat(restarted.keyInfo(METER).orElseThrow().encryptionKeyId()).as("unchanged").isEqualTo(OLD_EK_ID);
                assertThat(restarted.pendingKeyInfo(METER)).as("still pending").isPresent();
                // the next contact settles the rotation (the meter took the new keys), then provisioning is accepted
                assertThat(restarted.readNow(METER).values()).containsKey("1-0:1.8.0.255");
                assertThat(restarted.keyInfo(METER).orElseThrow().encryptionKeyId()).isEqualTo(NEW_EK_ID);
                assertThat(restarted.provision(METER, otherEk, otherAk).encryptionKeyId())
                        .isEqualTo(KeyEncryptionKey.fingerprint(otherEk));
            } finally {
                restarted.close();
            }
        }
    }

    /** Keys wrapped under another master key: the meter refuses key_transfer; both sides keep the old keys. */
    @Test
    void aKeyTransferTheMeterRefusesKeepsTheOldKeysAndIsAudited() throws Exception {
        try (Fixtures.Emulated emu = meter(); Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"))) {
            MeterReadingService s = dcu.service(emu.inventory(), 3600, 5, Map.of());
            try {
                byte[] wrongMaster = HexFormat.of().parseHex("000102030405060708090A0B0C0D0E0F");
                assertThatThrownBy(() -> s.rotate(METER, wrongMaster, NEW_EK, NEW_AK))
                        .isInstanceOfSatisfying(FumsException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.METER_REFUSED);
                            assertThat(e.getMessage()).contains("refused key_transfer", "keeps its keys");
                        });
                assertThat(s.keyInfo(METER).orElseThrow().encryptionKeyId()).isEqualTo(OLD_EK_ID);
                assertThat(s.pendingKeyInfo(METER)).isEmpty();
                assertThat(actions(dcu, AuditOutcome.FAILED)).containsExactly("meter.keys.rotate.transfer");
                assertThat(s.readNow(METER).values()).containsKey("1-0:1.8.0.255");
            } finally {
                s.close();
            }
        }
    }

    @Test
    void malformedKeysTheSameKeysAndAnUnknownMeterAreRefusedAndChangeNothing() throws Exception {
        try (Fixtures.Emulated emu = meter(); Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"))) {
            MeterReadingService s = dcu.service(emu.inventory(), 3600, 5, Map.of());
            try {
                byte[] master = masterKey();
                assertThatThrownBy(() -> s.rotate(METER, master, new byte[15], NEW_AK)).isInstanceOfSatisfying(
                        FumsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CMD_MALFORMED));
                assertThatThrownBy(() -> s.rotate(METER, master, HexFormat.of().parseHex(Fixtures.EK),
                        HexFormat.of().parseHex(Fixtures.AK))).isInstanceOfSatisfying(FumsException.class,
                        e -> assertThat(e.getMessage()).contains("are the meter's current keys"));
                assertThatThrownBy(() -> s.rotate("nope", master, NEW_EK, NEW_AK)).isInstanceOfSatisfying(
                        FumsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.METER_UNKNOWN));
                assertThat(s.keyInfo(METER).orElseThrow().encryptionKeyId()).isEqualTo(OLD_EK_ID);
                assertThat(s.pendingKeyInfo(METER)).isEmpty();
                assertThat(actions(dcu, AuditOutcome.REFUSED)).containsOnly("meter.keys.rotate").hasSize(2);
            } finally {
                s.close();
            }
        }
    }
}
