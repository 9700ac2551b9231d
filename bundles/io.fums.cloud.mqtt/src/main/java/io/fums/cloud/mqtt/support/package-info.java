/**
 * Helpers for request handlers of other bundles that the cloud link shares
 * so that every handler reads requests the same way:
 * {@link io.fums.cloud.mqtt.support.Body}, the typed and strict reading of a
 * request body with the link's error codes and messages.
 */
@Export
@Version("1.1.0")
package io.fums.cloud.mqtt.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
