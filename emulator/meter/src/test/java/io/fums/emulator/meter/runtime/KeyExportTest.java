package io.fums.emulator.meter.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.config.MeterSecurity;
import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.net.DlmsSessionRunner;
import io.fums.emulator.meter.store.MeterStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vendor's key export (SEC-1) carries each shared medium's broadcast keys
 * (SEC-3): one {@code medium} line per medium whose ciphering meters hold
 * them, after the meters' lines; a medium of meters in clear has none, and the
 * inventory holds no key of either kind.
 */
@Tag("SEC-1")
@Tag("SEC-3")
class KeyExportTest {

    @TempDir
    Path dir;

    @Test
    void theKeysFileCarriesEachCipheredMediumsBroadcastKeysAfterTheMeters() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is not installed");
        Files.writeString(dir.resolve("population.json"), """
                {"stateDir": "state",
                 "media": [{"id": "bus-a", "pty": "%s"}, {"id": "bus-b", "pty": "%s"}],
                 "groups": [{"id": "a", "count": 3, "medium": "bus-a", "hdlcAddressBase": 17},
                            {"id": "b", "count": 2, "medium": "bus-b", "hdlcAddressBase": 17,
                             "security": {"authentication": "none"}}]}
                """.formatted(dir.resolve("bus-a"), dir.resolve("bus-b")));
        PopulationConfig config = PopulationConfig.load(dir.resolve("population.json"), MeterStore.newGson());
        try (MeterEmulator emu = MeterEmulator.start(config, new DlmsSessionRunner(Duration.ofSeconds(5)))) {
            Path keys = dir.resolve("out/keys.txt");
            Path inventory = dir.resolve("out/meters.json");
            assertThat(KeyExport.write(emu, config, "127.0.0.1", inventory, keys)).as("meters with keys").isEqualTo(3);

            MeterSecurity a1 = emu.population().plan("a-00001").security();
            HexFormat hex = HexFormat.of();
            List<String> lines = Files.readAllLines(keys, StandardCharsets.US_ASCII);
            assertThat(lines).hasSize(4);
            assertThat(lines.subList(0, 3)).allSatisfy(l -> assertThat(l).startsWith("a-0000"));
            assertThat(lines.get(3)).isEqualTo("medium bus-a " + hex.formatHex(a1.broadcastKey()) + " "
                    + hex.formatHex(a1.broadcastAuthenticationKey()));
            assertThat(emu.population().plan("a-00003").security().broadcastKey()).isEqualTo(a1.broadcastKey());
            assertThat(Files.getPosixFilePermissions(keys)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

            String json = Files.readString(inventory);
            assertThat(json).doesNotContain(hex.formatHex(a1.broadcastKey()))
                    .doesNotContain(hex.formatHex(a1.broadcastAuthenticationKey()))
                    .doesNotContain(hex.formatHex(a1.encryptionKey()));
        }
    }
}
