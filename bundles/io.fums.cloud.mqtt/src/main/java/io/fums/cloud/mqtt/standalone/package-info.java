/**
 * The DCU's cloud link outside an OSGi framework: the same link the
 * bundle's components run (MQTT
 * session, request router with its command guard, durable outbox, retained
 * state, session probe), assembled by {@link io.fums.cloud.mqtt.standalone.CloudLinks}
 * from a configuration map with the keys of the PID {@code io.fums.cloud.mqtt}.
 * For emulators and tools on a flat class path that run DCUs in one JVM, and
 * for other modules' tests that need the real link.
 *
 * <p>Inside a framework, use the services of {@link io.fums.cloud.mqtt}.
 */
@Export
@Version("1.0.0")
package io.fums.cloud.mqtt.standalone;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
