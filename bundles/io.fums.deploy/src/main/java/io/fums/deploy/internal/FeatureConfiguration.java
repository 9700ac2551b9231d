package io.fums.deploy.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A feature's default configuration: created only where no configuration
 * exists (operator configuration always wins), and removed again if the swap
 * that created it rolls back.
 */
final class FeatureConfiguration {

    static final String SOURCE_PROPERTY = "fums.config.source";

    private final ConfigurationAdmin cm;

    FeatureConfiguration(ConfigurationAdmin cm) {
        this.cm = cm;
    }

    /** Applies the defaults that are absent; returns the keys ({@code pid} or {@code factoryPid~name}) it created. */
    List<String> applyAbsent(String feature, Map<String, Map<String, Object>> defaults) throws IOException {
        List<String> created = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : defaults.entrySet()) {
            Configuration c = lookup(e.getKey());
            if (c.getProperties() == null) {
                Hashtable<String, Object> props = new Hashtable<>(e.getValue());
                props.put(SOURCE_PROPERTY, "feature " + feature);
                c.update(props);
                created.add(e.getKey());
            }
        }
        return created;
    }

    void delete(List<String> keys) throws IOException {
        for (String key : keys) {
            Configuration c = lookup(key);
            if (c.getProperties() != null) {
                c.delete();
            }
        }
    }

    private Configuration lookup(String key) throws IOException {
        int tilde = key.indexOf('~');
        return tilde < 0 ? cm.getConfiguration(key, "?")
                : cm.getFactoryConfiguration(key.substring(0, tilde), key.substring(tilde + 1), "?");
    }
}
