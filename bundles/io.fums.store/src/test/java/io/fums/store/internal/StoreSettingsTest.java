package io.fums.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class StoreSettingsTest {

    private static final UnaryOperator<String> NONE = k -> null;

    private static UnaryOperator<String> props(String value) {
        return k -> StoreSettings.DATA_DIR_PROPERTY.equals(k) ? value : null;
    }

    @Test
    void theDataDirectoryComesFromConfigThenFrameworkThenSystemThenDefault() throws Exception {
        assertThat(StoreSettings.dataDir("/cfg", props("/fw"), props("/sys"))).isEqualTo(Path.of("/cfg"));
        assertThat(StoreSettings.dataDir("", props("/fw"), props("/sys"))).isEqualTo(Path.of("/fw"));
        assertThat(StoreSettings.dataDir("  ", props(" "), props("/sys/"))).isEqualTo(Path.of("/sys"));
        assertThat(StoreSettings.dataDir(null, NONE, NONE)).isEqualTo(Path.of("/var/lib/fums"));
        assertThat(StoreSettings.dataDir("/a/b/../c", NONE, NONE)).isEqualTo(Path.of("/a/c"));
    }

    @Test
    void aRelativeDataDirectoryIsRefusedNamingItsSource() {
        assertThatThrownBy(() -> StoreSettings.dataDir("", props("data"), NONE))
                .isInstanceOfSatisfying(FumsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining("framework property fums.data.dir").hasMessageContaining("absolute");
        assertThatThrownBy(() -> StoreSettings.dataDir("\u0000", NONE, NONE)).isInstanceOf(FumsException.class);
    }

    @Test
    void defaultsAreValidAndBadNumbersAreRefused() throws Exception {
        StoreSettings s = StoreSettings.from(TestConfigs.config(Map.of("data_dir", "/d")), NONE, NONE);
        assertThat(s.dataDir()).isEqualTo(Path.of("/d"));
        assertThat(s.busyTimeoutMillis()).isEqualTo(5000);
        assertThat(s.readConnections()).isEqualTo(2);
        assertThat(s.nonceGrace()).isEqualTo(Duration.ofDays(1));
        List<Map<String, Object>> bads = List.of(
                Map.of("busy_timeout_ms", -1), Map.of("read_connections", 0), Map.of("read_connections", 17),
                Map.of("nonce_grace_seconds", -5L));
        for (Map<String, Object> bad : bads) {
            assertThatThrownBy(() -> StoreSettings.from(TestConfigs.config(bad), NONE, NONE))
                    .isInstanceOfSatisfying(FumsException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                    .hasMessageStartingWith("io.fums.store: ");
        }
    }
}
