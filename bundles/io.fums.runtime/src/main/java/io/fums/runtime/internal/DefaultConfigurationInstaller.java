package io.fums.runtime.internal;

import java.io.IOException;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the distribution's default configuration ({@code <fums.conf.dir>/config})
 * to Configuration Admin when the DCU starts.
 *
 * <p>A default is applied only where no configuration with that PID (or
 * factory instance name) exists yet: configuration made by an operator is
 * never overwritten by a default, neither at a restart nor after a software
 * upgrade that ships new defaults.
 */
@Component(immediate = true, service = {})
public final class DefaultConfigurationInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultConfigurationInstaller.class);
    static final String CONF_DIR_PROPERTY = "fums.conf.dir";
    /** Marks a configuration that came from a default file (for operators and diagnostics). */
    static final String SOURCE_PROPERTY = "fums.config.source";

    @Activate
    public DefaultConfigurationInstaller(@Reference ConfigurationAdmin configAdmin, BundleContext context) throws IOException {
        String confDir = context.getProperty(CONF_DIR_PROPERTY);
        if (confDir == null) {
            LOG.info("no {} set: no default configuration to apply", CONF_DIR_PROPERTY);
            return;
        }
        Path dir = Path.of(confDir, "config");
        DefaultConfigFiles files = DefaultConfigFiles.read(dir);
        files.problems().forEach(p -> LOG.error("CONFIG_INVALID: default configuration {} skipped: {}", p.file, p.reason));
        int applied = 0;
        for (DefaultConfig c : files.configs()) {
            if (applyIfAbsent(configAdmin, c)) {
                applied++;
            }
        }
        LOG.info("default configuration: {} file(s) in {}, {} applied, {} already configured, {} refused",
                files.configs().size() + files.problems().size(), dir, applied,
                files.configs().size() - applied, files.problems().size());
    }

    static boolean applyIfAbsent(ConfigurationAdmin cm, DefaultConfig c) throws IOException {
        Configuration existing = c.isFactory()
                ? cm.getFactoryConfiguration(c.pid(), c.name(), "?")
                : cm.getConfiguration(c.pid(), "?");
        if (existing.getProperties() != null) {
            return false;
        }
        var props = c.dictionary();
        props.put(SOURCE_PROPERTY, "default");
        existing.update(props);
        LOG.debug("default configuration {} applied", c);
        return true;
    }
}
