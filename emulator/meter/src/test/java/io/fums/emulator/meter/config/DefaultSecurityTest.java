package io.fums.emulator.meter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import io.fums.emulator.meter.store.MeterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SEC-5 in the emulator: a meter whose population entry says nothing about
 * security runs HLS-GMAC with suite 0 ciphering, with keys of its own that
 * survive a restart; {@code none} and {@code low} only where written.
 */
@Tag("SEC-5")
@Tag("CARD-4")
class DefaultSecurityTest {

    private final Gson gson = MeterStore.newGson();
    @TempDir Path dir;

    private List<MeterPlan> plan(String json, MeterKeys keys) throws IOException {
        Path f = dir.resolve("population.json");
        Files.writeString(f, json);
        return PopulationPlanner.plan(PopulationConfig.load(f, gson), gson, keys).meters();
    }

    @Test
    void aMeterWithoutSecurityIsHlsGmacAndCipheredWithKeysOfItsOwn() throws IOException {
        List<MeterPlan> m = plan("""
                {"groups": [{"id": "g", "count": 2, "tcpPortBase": 14000},
                            {"id": "open", "count": 1, "security": {"authentication": "none"}},
                            {"id": "lls", "count": 1, "security": {"authentication": "low", "password": "pw"}}],
                 "meters": [{"id": "own", "security": {"encryptionKey": "000102030405060708090a0b0c0d0e0f",
                             "authenticationKey": "101112131415161718191a1b1c1d1e1f"}},
                            {"id": "g-00002", "security": {"authentication": "none"}}]}
                """, MeterKeys.load(dir.resolve("state")));
        MeterSecurity g1 = m.get(0).security();
        assertThat(g1.authentication()).isEqualTo("high-gmac");
        assertThat(g1.ciphering()).isTrue();
        assertThat(g1.encryptionKey()).hasSize(16).isNotEqualTo(g1.authenticationKey());
        assertThat(m.get(1).security().authentication()).as("said explicitly for g-00002").isEqualTo("none");
        assertThat(m.get(1).security().ciphering()).isFalse();
        assertThat(m.get(2).security().authentication()).isEqualTo("none");
        assertThat(m.get(2).security().encryptionKey()).isNull();
        assertThat(m.get(3).security().authentication()).isEqualTo("low");
        assertThat(m.get(3).security().ciphering()).isFalse();
        MeterSecurity own = m.get(4).security();
        assertThat(own.authentication()).isEqualTo("high-gmac");
        assertThat(own.ciphering()).isTrue();
        assertThat(HexFormat.of().formatHex(own.encryptionKey())).isEqualTo("000102030405060708090a0b0c0d0e0f");
    }

    @Test
    void keysDifferPerMeterAndSurviveARestartButNotANewStateDirectory() throws IOException {
        String json = """
                {"groups": [{"id": "g", "count": 3}]}
                """;
        List<MeterPlan> first = plan(json, MeterKeys.load(dir.resolve("state")));
        List<MeterPlan> again = plan(json, MeterKeys.load(dir.resolve("state")));
        List<MeterPlan> other = plan(json, MeterKeys.load(dir.resolve("other-state")));
        for (int i = 0; i < 3; i++) {
            assertThat(again.get(i).security().encryptionKey()).isEqualTo(first.get(i).security().encryptionKey());
            assertThat(again.get(i).security().authenticationKey())
                    .isEqualTo(first.get(i).security().authenticationKey());
            assertThat(other.get(i).security().encryptionKey()).isNotEqualTo(first.get(i).security().encryptionKey());
        }
        assertThat(first.get(0).security().encryptionKey()).isNotEqualTo(first.get(1).security().encryptionKey());
        Path seed = dir.resolve("state").resolve(MeterKeys.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(seed))).isEqualTo("rw-------");
    }

    @Test
    void aDamagedSeedIsRefusedRatherThanReplaced() throws IOException {
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state").resolve(MeterKeys.FILE), "not hex\n");
        assertThatThrownBy(() -> MeterKeys.load(dir.resolve("state"))).hasMessageContaining("not a key seed");
        assertThat(Files.readString(dir.resolve("state").resolve(MeterKeys.FILE))).isEqualTo("not hex\n");
    }
}
