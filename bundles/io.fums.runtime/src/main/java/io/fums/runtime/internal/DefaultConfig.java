package io.fums.runtime.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

/**
 * One default configuration read from the distribution: a singleton PID, or
 * a named instance ({@code name}) of a factory PID.
 */
final class DefaultConfig {

    private final String pid;
    private final String name;
    private final Map<String, Object> properties;

    DefaultConfig(String pid, String name, Map<String, Object> properties) {
        this.pid = pid;
        this.name = name;
        this.properties = Map.copyOf(properties);
    }

    /** The PID, or the factory PID when {@link #isFactory()}. */
    String pid() {
        return pid;
    }

    /** The factory instance name, or null for a singleton. */
    String name() {
        return name;
    }

    boolean isFactory() {
        return name != null;
    }

    Map<String, Object> properties() {
        return properties;
    }

    Dictionary<String, Object> dictionary() {
        return new Hashtable<>(properties);
    }

    @Override
    public String toString() {
        return isFactory() ? pid + "~" + name : pid;
    }
}
