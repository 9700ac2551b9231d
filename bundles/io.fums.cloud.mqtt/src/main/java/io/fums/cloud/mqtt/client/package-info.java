/**
 * What every MQTT client of the FUMS API shares, the DCU's cloud link and a
 * head-end such as the cloud console alike (docs/mqtt-api.md):
 * {@link io.fums.cloud.mqtt.client.Topics}, the topic names and user
 * properties; {@link io.fums.cloud.mqtt.client.Json}, the one JSON encoding of
 * payloads (strict parsing of untrusted bytes, RFC 3339 instants);
 * {@link io.fums.cloud.mqtt.client.TlsContexts}, TLS contexts from PEM files
 * (CA, client certificate and key).
 *
 * <p>Stateless and thread-safe. Refusals are
 * {@link io.fums.api.error.FumsException}s naming the reason.
 */
@Export
@Version("1.0.0")
package io.fums.cloud.mqtt.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
