package io.fums.store.internal;

import java.lang.reflect.Proxy;
import java.util.Map;
import org.osgi.framework.BundleContext;

/** Builds the OSGi objects the components need, without a framework. */
final class TestConfigs {

    private TestConfigs() {
    }

    /** A {@link StoreComponent.Config} with the given values (by method name) and defaults elsewhere. */
    static StoreComponent.Config config(Map<String, Object> values) {
        return (StoreComponent.Config) Proxy.newProxyInstance(TestConfigs.class.getClassLoader(),
                new Class<?>[] {StoreComponent.Config.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return StoreComponent.Config.class;
                    }
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    Object d = method.getDefaultValue();
                    if (d == null) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return d;
                });
    }

    /** A bundle context whose framework properties are {@code properties}; nothing else works. */
    static BundleContext context(Map<String, String> properties) {
        return (BundleContext) Proxy.newProxyInstance(TestConfigs.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getProperty")) {
                        return properties.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
