package io.fums.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the distribution and the data live, and the framework properties
 * derived from {@code conf/framework.properties}.
 *
 * <p>Property values may refer to {@code ${fums.home}}, {@code ${fums.conf.dir}}
 * and {@code ${fums.data.dir}}; the launcher always sets the framework cache
 * and the configuration store inside the data directory, so that one folder
 * holds all state.
 */
final class LauncherSettings {

    static final String HOME = "fums.home";
    static final String CONF_DIR = "fums.conf.dir";
    static final String DATA_DIR = "fums.data.dir";
    static final String START_LEVEL = "fums.startlevel";
    static final String DCU_ID = "fums.dcu.id";
    private static final Pattern REF = Pattern.compile("\\$\\{([a-z.]+)\\}");

    private final Path home;
    private final Path conf;
    private final Path data;
    private final Map<String, String> env;

    /** {@code conf} null means the distribution's own {@code conf/} folder. */
    LauncherSettings(Path home, Path conf, Path data) {
        this(home, conf, data, System.getenv());
    }

    LauncherSettings(Path home, Path conf, Path data, Map<String, String> env) {
        this.env = Map.copyOf(env);
        this.home = home.toAbsolutePath().normalize();
        this.conf = (conf == null ? home.resolve("conf") : conf).toAbsolutePath().normalize();
        this.data = data.toAbsolutePath().normalize();
    }

    Path home() {
        return home;
    }

    Path data() {
        return data;
    }

    Path conf() {
        return conf;
    }

    Path bundles() {
        return home.resolve("bundles");
    }

    Path descriptor() {
        return bundles().resolve("runtime.feature");
    }

    Path cache() {
        return data.resolve("cache");
    }

    Path runDir() {
        return data.resolve("run");
    }

    /** Reads a properties file of the conf folder; a missing file gives no properties. */
    Properties confProperties(String name) throws IOException {
        Properties p = new Properties();
        Path file = conf().resolve(name);
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
        }
        return p;
    }

    /** The framework launch properties: the conf file's, with references resolved, and the fixed locations. */
    Map<String, String> frameworkProperties() throws IOException {
        Map<String, String> vars = Map.of(HOME, home.toString(), CONF_DIR, conf().toString(), DATA_DIR, data.toString());
        Map<String, String> props = new HashMap<>();
        Properties file = confProperties("framework.properties");
        for (String key : file.stringPropertyNames()) {
            props.put(key, substitute(file.getProperty(key), vars, key));
        }
        props.putAll(vars);
        // The DCU's id: FUMS_DCU_ID overrides fums.dcu.id of framework.properties.
        String dcuId = env.get("FUMS_DCU_ID");
        if (dcuId != null && !dcuId.isBlank()) {
            props.put(DCU_ID, dcuId.trim());
        }
        props.put("org.osgi.framework.storage", cache().toString());
        // The cache is rebuilt on every start: the descriptor (and later the
        // committed software set) is the truth, never the cache.
        props.put("org.osgi.framework.storage.clean", "onFirstInit");
        props.put("felix.cm.dir", data.resolve("config").toString());
        // Configuration Admin stores through io.fums.cm, which fsyncs what Felix's file store only renames
        props.put("felix.cm.pm", "fums-durable");
        return props;
    }

    /**
     * The framework's active start level ({@code fums.startlevel} in
     * framework.properties, default 30): bundles of software features run at
     * levels up to this one.
     */
    int targetStartLevel() throws IOException {
        String v = confProperties("framework.properties").getProperty(START_LEVEL, "30").trim();
        try {
            int level = Integer.parseInt(v);
            if (level >= 1 && level <= RuntimeDescriptor.MAX_START_LEVEL) {
                return level;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("framework.properties: " + START_LEVEL + "=" + v + " is not a start level 1.."
                + RuntimeDescriptor.MAX_START_LEVEL);
    }

    static String substitute(String value, Map<String, String> vars, String key) {
        Matcher m = REF.matcher(value);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = vars.get(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("framework.properties: " + key + " refers to unknown ${" + m.group(1)
                        + "}; known: " + String.join(", ", vars.keySet()));
            }
            m.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        m.appendTail(b);
        return b.toString();
    }
}
