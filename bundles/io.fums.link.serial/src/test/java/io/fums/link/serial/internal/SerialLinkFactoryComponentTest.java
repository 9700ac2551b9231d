package io.fums.link.serial.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fums.api.error.ErrorCode;
import io.fums.dlms.DlmsException;
import io.fums.dlms.link.Link;
import io.fums.link.serial.SerialSettings;
import io.fums.link.serial.SocatPair;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The factory component without OSGi: configuration mapping, validation, one user per port. */
class SerialLinkFactoryComponentTest {

    static SerialLinkFactoryComponent.Config config(Map<String, Object> values) {
        return (SerialLinkFactoryComponent.Config) Proxy.newProxyInstance(
                SerialLinkFactoryComponent.Config.class.getClassLoader(),
                new Class<?>[] {SerialLinkFactoryComponent.Config.class}, (proxy, method, args) -> {
                    Object v = values.get(method.getName());
                    return v != null ? v : method.getDefaultValue();
                });
    }

    static Map<String, Object> values(String port) {
        Map<String, Object> m = new HashMap<>();
        m.put("link_name", "rs485-a");
        m.put("port", port);
        return m;
    }

    @Test
    void mapsAndValidatesTheConfiguration() {
        assertThat(SerialLinkFactoryComponent.settings(config(values("/dev/ttyUSB0"))))
                .isEqualTo(SerialSettings.of("/dev/ttyUSB0"));
        Map<String, Object> bad = values("/dev/ttyUSB0");
        bad.put("parity", "sometimes");
        assertThatThrownBy(() -> new SerialLinkFactoryComponent(config(bad))).hasMessageContaining("parity");
        assertThat(new SerialLinkFactoryComponent(config(values("/dev/ttyUSB0"))).name()).isEqualTo("rs485-a");
    }

    @Test
    void opensThePortForOneUserAtATime() throws Exception {
        assumeTrue(SocatPair.available(), "socat is not installed (apt-get install socat): pty tests skipped");
        try (SocatPair pair = SocatPair.start(Path.of("target", "pty"), "factory")) {
            SerialLinkFactoryComponent f = new SerialLinkFactoryComponent(config(values(pair.a.toString())));
            Link first = f.open();
            assertThat(first.isOpen()).isTrue();
            assertThatThrownBy(f::open).isInstanceOf(DlmsException.class).hasMessageContaining("in use")
                    .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_UNREACHABLE);
            first.close();
            Link second = f.open();
            assertThat(second.isOpen()).isTrue();
            second.close();
        }
    }
}
