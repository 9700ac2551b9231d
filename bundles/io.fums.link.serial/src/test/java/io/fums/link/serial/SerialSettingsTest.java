package io.fums.link.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SerialSettingsTest {

    @Test
    void parsesConfigurationText() {
        SerialSettings s = SerialSettings.parse(" /dev/ttyUSB0 ", 9600, 8, "none", "1", 100, 5000);
        assertThat(s).isEqualTo(SerialSettings.of("/dev/ttyUSB0"));
        assertThat(s).hasToString("/dev/ttyUSB0 9600 8N1");
        assertThat(SerialSettings.parse("/dev/ttyS1", 2400, 7, "E", "2", 50, 1000).parity())
                .isEqualTo(SerialSettings.Parity.EVEN);
        assertThat(SerialSettings.parse("/dev/ttyS1", 300, 5, "space", "1.5", 1, 1).stopBits())
                .isEqualTo(SerialSettings.StopBits.ONE_POINT_FIVE);
    }

    @Test
    void refusesBadValuesNamingTheField() {
        assertThatThrownBy(() -> SerialSettings.parse("", 9600, 8, "none", "1", 100, 100))
                .hasMessageContaining("device path");
        assertThatThrownBy(() -> SerialSettings.parse("/dev/x", 100, 8, "none", "1", 100, 100))
                .hasMessageContaining("baud rate");
        assertThatThrownBy(() -> SerialSettings.parse("/dev/x", 9600, 9, "none", "1", 100, 100))
                .hasMessageContaining("data bits");
        assertThatThrownBy(() -> SerialSettings.parse("/dev/x", 9600, 8, "weird", "1", 100, 100))
                .hasMessageContaining("parity");
        assertThatThrownBy(() -> SerialSettings.parse("/dev/x", 9600, 8, "odd", "3", 100, 100))
                .hasMessageContaining("stop bits");
        assertThatThrownBy(() -> SerialSettings.parse("/dev/x", 9600, 8, "odd", "1", 0, 100))
                .hasMessageContaining("timeouts");
    }
}
