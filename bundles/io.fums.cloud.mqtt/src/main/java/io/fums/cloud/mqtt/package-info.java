/**
 * The DCU's cloud connection, shaped like Eclipse Kura's cloud-connection API
 * (publisher, subscriber, request handler) but our own, so that application
 * bundles (the meter agent, the software deployer's handler) talk to the
 * cloud without depending on MQTT or on Paho.
 *
 * <ul>
 * <li>{@link io.fums.cloud.mqtt.CloudPublisher}: publish an event of a kind
 *     with a unique id; the event is durable (SQLite outbox) before the call
 *     returns and is delivered at least once, in order, across broker outages
 *     and DCU restarts.</li>
 * <li>{@link io.fums.cloud.mqtt.RequestHandler}: a service that serves named
 *     operations of the cloud's request/response API
 *     ({@code fums/v1/{dcuId}/req/{operation}}). State-changing operations
 *     are admitted only with a valid operator signature
 *     ({@code io.fums.security.CommandGuard}); the router checks it before
 *     the handler is called.</li>
 * <li>{@link io.fums.cloud.mqtt.CloudSubscriber}: a service that receives
 *     messages on a topic under the DCU's topic root.</li>
 * <li>{@link io.fums.cloud.mqtt.StateContributor}: a service that adds a
 *     section to the DCU's retained {@code state} (birth) message.</li>
 * <li>{@link io.fums.cloud.mqtt.CloudConnection}: the link's status, and a
 *     way to re-publish the state.</li>
 * <li>{@link io.fums.cloud.mqtt.ArtifactDownloads}: downloads a package named
 *     in a request with the link's download settings (since 1.1).</li>
 * </ul>
 *
 * <p>Request handlers read their bodies with {@code io.fums.cloud.mqtt.support.Body};
 * the router parses a body once and hands the tree down
 * ({@link io.fums.cloud.mqtt.CloudRequest#body()}, since 1.4).
 *
 * <p>The wire format (topics, payloads, user properties, error codes) is
 * specified in {@code docs/mqtt-api.md}.
 *
 * <p>JSON values: wherever this API takes "data" to serialise, the accepted
 * types are {@code null}, {@link java.lang.String}, {@link java.lang.Number},
 * {@link java.lang.Boolean}, {@link java.lang.Enum} (its name),
 * {@link java.time.Instant} (RFC 3339), {@link java.util.Map} with string
 * keys, {@link java.util.Collection} and arrays of these.
 */
@Export
@Version("1.4.0")
package io.fums.cloud.mqtt;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
