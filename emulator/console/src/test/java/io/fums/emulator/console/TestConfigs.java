package io.fums.emulator.console;

import io.fums.cloud.mqtt.internal.CloudConfig;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** CloudConfig for tests: the annotation's defaults overridden by a map keyed by method name. */
final class TestConfigs {

    private TestConfigs() {
    }

    static CloudConfig config(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(overrides);
        return (CloudConfig) Proxy.newProxyInstance(CloudConfig.class.getClassLoader(), new Class<?>[] {CloudConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return CloudConfig.class;
                    }
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
