package io.fums.deploy;

/**
 * A bundle of the running framework.
 *
 * @param symbolicName the bundle symbolic name
 * @param version      the bundle version
 * @param state        INSTALLED, RESOLVED, STARTING, STOPPING or ACTIVE
 * @param startLevel   its start level
 * @param feature      the feature it belongs to, {@code base} for the base runtime
 */
public record InstalledBundle(String symbolicName, String version, String state, int startLevel, String feature) {
}
