package io.fums.deploy;

import java.util.List;

/**
 * A bundle of the running framework.
 *
 * <p>The last four fields tell whether a bundle was disturbed between two
 * readings (a swap must leave the bundles outside its feature alone): a
 * reinstalled bundle has a new id, an updated one a new last modification, a
 * restarted one a higher start count and new service ids.
 *
 * @param symbolicName the bundle symbolic name
 * @param version      the bundle version
 * @param state        INSTALLED, RESOLVED, STARTING, STOPPING or ACTIVE
 * @param startLevel   its start level
 * @param feature      the feature it belongs to, {@code base} for the base runtime
 * @param bundleId     the framework's id of the bundle; -1 if not known
 * @param lastModified when the bundle was last installed or updated, epoch milliseconds; 0 if not known
 * @param starts       how often the bundle started since the deployment service came up (0: not since)
 * @param serviceIds   the ids of the services the bundle has registered now, ascending
 * @since 1.1
 */
public record InstalledBundle(String symbolicName, String version, String state, int startLevel, String feature, long bundleId,
                              long lastModified, long starts, List<Long> serviceIds) {

    public InstalledBundle {
        serviceIds = serviceIds == null ? List.of() : List.copyOf(serviceIds);
    }

    /** A bundle without identity figures (id -1, last modification 0, no starts, no services). */
    public InstalledBundle(String symbolicName, String version, String state, int startLevel, String feature) {
        this(symbolicName, version, state, startLevel, feature, -1, 0, 0, List.of());
    }
}
