package io.fums.emulator.meter.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.dlms.DlmsException;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.DlmsRefusedException;
import io.fums.dlms.client.MeterObjects;
import io.fums.dlms.client.SecuritySetupClient;
import io.fums.dlms.cosem.SecuritySetup.KeyId;
import io.fums.dlms.link.TcpLink;
import io.fums.dlms.security.InvocationCounters;
import io.fums.dlms.security.SecurityKeys;
import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.config.MeterKeys;
import io.fums.emulator.meter.config.MeterSecurity;
import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.runtime.InventoryWriter;
import io.fums.testsupport.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key rotation on the emulated meter through its security setup object
 * (class 64 key_transfer, keys wrapped under the meter's master key): the new
 * keys apply from the next association, survive a restart, and a key that
 * does not unwrap under the master key is refused and changes nothing.
 */
@Tag("SEC-1")
@Tag("CARD-4")
class EmulatorKeyTransferTest {

    private static final byte[] TITLE = HexFormat.of().parseHex(InventoryWriter.DEFAULT_CLIENT_SYSTEM_TITLE);
    private static final byte[] NEW_EK = HexFormat.of().parseHex("A0A1A2A3A4A5A6A7A8A9AAABACADAEAF");
    private static final byte[] NEW_AK = HexFormat.of().parseHex("B0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF");
    @TempDir Path dir;

    private PopulationConfig config(int port) {
        return PopulationConfig.empty().stateDir(dir.resolve("state").toString()).addTcpGroup("k", 1, port);
    }

    private static DlmsClient connect(int port, SecurityKeys keys, InvocationCounters counters) throws DlmsException {
        AssociationSettings s = AssociationSettings.highGmac(keys, TITLE, true).withCounters(counters)
                .withResponseTimeout(Duration.ofSeconds(3));
        return DlmsClient.overWrapper(TcpLink.connect("127.0.0.1", port, Duration.ofSeconds(2)), 0x10, 1, s);
    }

    @Test
    void keyTransferAppliesFromTheNextAssociationAndSurvivesARestart() throws Exception {
        int port = FreePorts.base(1);
        byte[] master = MeterKeys.load(dir.resolve("state")).masterKey("k-00001");
        SecurityKeys fresh = new SecurityKeys(NEW_EK, NEW_AK);
        InvocationCounters oldCounters = new InvocationCounters();
        SecurityKeys old;
        try (MeterEmulator emu = MeterEmulator.start(config(port), new DlmsSessionRunner(Duration.ofSeconds(30)))) {
            MeterSecurity s = emu.population().plan("k-00001").security();
            old = new SecurityKeys(s.encryptionKey(), s.authenticationKey());
            try (DlmsClient c = connect(port, old, oldCounters)) {
                SecuritySetupClient setup = new SecuritySetupClient(c);
                assertThat(setup.securitySuite()).isZero();
                assertThat(setup.serverSystemTitle()).isEqualTo(s.systemTitle());
                setup.transferKeys(master, Map.of(KeyId.GLOBAL_UNICAST_ENCRYPTION, NEW_EK, KeyId.AUTHENTICATION,
                        NEW_AK));
                assertThat(new MeterObjects(c).deviceId()).as("the transferring association goes on with the old"
                        + " keys").isEqualTo("k-00001");
            }
            assertThatThrownBy(() -> connect(port, old, oldCounters).close()).isInstanceOf(DlmsException.class);
            try (DlmsClient c = connect(port, fresh, new InvocationCounters())) {
                assertThat(new MeterObjects(c).deviceId()).isEqualTo("k-00001");
            }
        }
        try (MeterEmulator emu = MeterEmulator.start(config(port), new DlmsSessionRunner(Duration.ofSeconds(30)))) {
            try (DlmsClient c = connect(port, fresh, new InvocationCounters(100, -1))) {
                assertThat(new MeterObjects(c).deviceId()).as("durable across a restart").isEqualTo("k-00001");
            }
            assertThatThrownBy(() -> connect(port, old, new InvocationCounters(1000, -1)).close())
                    .isInstanceOf(DlmsException.class);
        }
    }

    @Test
    void keysWrappedUnderAnotherMasterKeyAreRefusedAndChangeNothing() throws Exception {
        int port = FreePorts.base(1);
        try (MeterEmulator emu = MeterEmulator.start(config(port), new DlmsSessionRunner(Duration.ofSeconds(30)))) {
            MeterSecurity s = emu.population().plan("k-00001").security();
            SecurityKeys old = new SecurityKeys(s.encryptionKey(), s.authenticationKey());
            InvocationCounters counters = new InvocationCounters();
            try (DlmsClient c = connect(port, old, counters)) {
                byte[] wrongMaster = HexFormat.of().parseHex("000102030405060708090A0B0C0D0E0F");
                assertThatThrownBy(() -> new SecuritySetupClient(c).transferKeys(wrongMaster,
                        Map.of(KeyId.GLOBAL_UNICAST_ENCRYPTION, NEW_EK))).isInstanceOf(DlmsRefusedException.class);
            }
            try (DlmsClient c = connect(port, old, counters)) {
                assertThat(new MeterObjects(c).deviceId()).as("old keys kept").isEqualTo("k-00001");
            }
            assertThat(emu.population().meter("k-00001").status().events())
                    .anyMatch(e -> e.contains("key transfer refused"));
        }
    }
}
