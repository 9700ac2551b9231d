package io.fums.cloud.mqtt.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** CloudConfig instances for tests: the annotation's defaults, overridden by a map (keyed by method name). */
final class Configs {

    private Configs() {
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

    /**
     * A DCU on a plain tcp:// link to 127.0.0.1:1883 (allowInsecure): the settings tests that check other
     * values need no certificate files. The secure default: CloudTransportSecurityTest.
     */
    static CloudConfig dcu(String id) {
        return plain(Map.of("dcuId", id));
    }

    /** As {@link #dcu}: tcp://127.0.0.1:1883 with allowInsecure, then {@code overrides}. */
    static CloudConfig plain(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(Map.of("brokerUrl", "tcp://127.0.0.1:1883", "allowInsecure", true));
        values.putAll(overrides);
        return config(values);
    }
}
