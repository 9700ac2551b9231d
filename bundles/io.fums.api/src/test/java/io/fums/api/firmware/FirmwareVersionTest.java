package io.fums.api.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FirmwareVersionTest {

    @Test
    void ordersNumericallyNotAsText() {
        assertThat(FirmwareVersion.parse("1.10").isNewerThan(FirmwareVersion.parse("1.9"))).isTrue();
        assertThat(FirmwareVersion.parse("2").compareTo(FirmwareVersion.parse("10"))).isNegative();
    }

    @Test
    void missingComponentsCountAsZero() {
        assertThat(FirmwareVersion.parse("2.4")).isEqualTo(FirmwareVersion.parse("2.4.0.0"));
        assertThat(FirmwareVersion.parse("2.4").hashCode()).isEqualTo(FirmwareVersion.parse("2.4.0").hashCode());
    }

    @Test
    void preReleaseComesBeforeRelease() {
        List<String> sorted = Stream.of("2.4.1", "2.4.1-rc2", "2.4.0", "2.4.1-rc10", "2.5")
                .map(FirmwareVersion::parse).sorted().map(FirmwareVersion::toString)
                .collect(Collectors.toList());
        assertThat(sorted).containsExactly("2.4.0", "2.4.1-rc10", "2.4.1-rc2", "2.4.1", "2.5");
    }

    @Test
    void exposesComponents() {
        FirmwareVersion v = FirmwareVersion.parse("3.1.4-beta");
        assertThat(v.component(0)).isEqualTo(3);
        assertThat(v.component(2)).isEqualTo(4);
        assertThat(v.component(3)).isZero();
        assertThat(v.qualifier()).isEqualTo("beta");
        assertThat(v).hasToString("3.1.4-beta");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "v1.2", "1..2", "1.2.3.4.5", "1.2-", "-rc1", "1.2 ", "1234567890", "1.2-rc_1"})
    void refusesMalformedText(String text) {
        assertThatThrownBy(() -> FirmwareVersion.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid version");
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> FirmwareVersion.parse(null)).hasMessage("version is missing");
    }
}
