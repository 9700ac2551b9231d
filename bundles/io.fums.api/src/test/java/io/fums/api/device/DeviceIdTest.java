package io.fums.api.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"dcu-001", "MTR.0042_A", "7", "a234567890123456789012345678901234567890123456789012345678901234"})
    void acceptsTopicSafeIds(String text) {
        assertThat(DeviceId.of(text).value()).isEqualTo(text);
        assertThat(DeviceId.isValid(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-dcu", "dcu/1", "dcu+", "dcu#", "dc u", "../x",
        "a2345678901234567890123456789012345678901234567890123456789012345"})
    void refusesIdsThatAreNotSafeInTopicsOrPaths(String text) {
        assertThat(DeviceId.isValid(text)).isFalse();
        assertThatThrownBy(() -> DeviceId.of(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid device id");
    }

    @Test
    void messageDoesNotEchoControlCharacters() {
        assertThatThrownBy(() -> DeviceId.of("x\u0000\n")).hasMessageContaining("'x??'");
    }

    @Test
    void valueSemantics() {
        assertThat(DeviceId.of("m1")).isEqualTo(DeviceId.of("m1")).isNotEqualTo(DeviceId.of("m2"));
        assertThat(DeviceType.of("E350")).isEqualTo(DeviceType.of("E350"));
        assertThatThrownBy(() -> DeviceType.of("E 350")).hasMessageContaining("invalid device type");
        assertThatThrownBy(() -> DeviceType.of(null)).hasMessage("device type is missing");
    }
}
