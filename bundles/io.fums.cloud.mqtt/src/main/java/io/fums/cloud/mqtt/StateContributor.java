package io.fums.cloud.mqtt;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Adds a section to the DCU's retained {@code state} (birth) message. Register
 * an implementation as an OSGi service with the service property
 * {@value #SECTION} naming its section, e.g. {@code software} or
 * {@code meters}. The cloud link calls {@link #state()} each time it
 * publishes the state (at every connect, and after
 * {@link CloudConnection#refreshState()}).
 *
 * <p>Reserved names (not usable as sections): {@code online}, {@code dcuId},
 * {@code time}, {@code reason}.
 */
@ConsumerType
public interface StateContributor {

    /** Service property: the section's name, {@code [a-z][a-zA-Z0-9]{0,31}}. */
    String SECTION = "fums.cloud.state.section";

    /**
     * The section's current value. Called on a cloud-link thread; must be
     * quick and must not block on the network.
     *
     * @return a JSON value (see the package doc); a thrown exception leaves the
     *     section out of this message
     */
    Object state();
}
