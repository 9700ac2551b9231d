package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration: defaults, the inventory path relative to fums.conf.dir, and ranges. */
class ReadingSettingsTest {

    @Test
    void defaultsReadEveryFifteenMinutesFromMetersJsonInTheConfigurationFolder() throws Exception {
        ReadingSettings s = ReadingSettings.from(Fixtures.config(Map.of()), Map.of("fums.conf.dir", "/etc/fums-dcu")::get);
        assertThat(s.inventory()).isEqualTo(Path.of("/etc/fums-dcu/meters.json"));
        assertThat(s.readInterval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.retention()).isEqualTo(Duration.ofDays(35));
        assertThat(s.readThreads()).isEqualTo(4);
    }

    @Test
    void anAbsoluteInventoryPathIsKeptAndWithoutAConfigurationFolderARelativeOneIsTheWorkingDirectorys()
            throws Exception {
        assertThat(ReadingSettings.from(Fixtures.config(Map.of("inventory", "/srv/m.json")),
                Map.of("fums.conf.dir", "/etc/fums-dcu")::get).inventory()).isEqualTo(Path.of("/srv/m.json"));
        assertThat(ReadingSettings.from(Fixtures.config(Map.of("inventory", "sub/../m.json")), k -> null).inventory())
                .isEqualTo(Path.of("m.json").toAbsolutePath());
    }

    @Test
    void valuesOutOfRangeAreRefusedNamingTheField() {
        assertInvalid(Map.of("readIntervalSeconds", 0), "readIntervalSeconds must be 1..86400, not 0");
        assertInvalid(Map.of("readTimeoutSeconds", 601), "readTimeoutSeconds must be 1..600");
        assertInvalid(Map.of("retentionDays", 0), "retentionDays must be 1..3660");
        assertInvalid(Map.of("readThreads", 0), "readThreads must be 1..64");
        assertInvalid(Map.of("inventory", " "), "inventory must name a file");
        assertInvalid(Map.of("inventory", "a\0b"), "inventory is not a path");
    }

    private static void assertInvalid(Map<String, Object> values, String message) {
        assertThatThrownBy(() -> ReadingSettings.from(Fixtures.config(values), k -> null))
                .isInstanceOfSatisfying(FumsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(e.getMessage()).contains(message);
                });
    }
}
