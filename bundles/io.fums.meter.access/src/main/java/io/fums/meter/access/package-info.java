/**
 * Access to the DCU's meters (SM-1, SM-8, SM-9, SEC-2, SEC-5, SEC-8, ARC-2): the layer below the meter
 * reading and the meter-upgrade agent, two peers that both use it and never each other.
 *
 * <p>{@link io.fums.meter.access.MeterInventory} knows which meters the DCU
 * serves, over which link, with which security; it identifies a meter on
 * demand (device id and active firmware identifier, SM-1) and opens DLMS
 * associations for other bundles (the meter-upgrade agent) whose every
 * request/response exchange is scheduled on the meter's link.
 *
 * <h2>Links and scheduling</h2>
 * A link is the unit of concurrency: one serial port (RS-485 bus, optical
 * probe, PLC modem) shared by the meters on it, or one TCP endpoint. Only one
 * exchange runs on a link at a time. Reads have precedence: while a read is
 * waiting for or using a link, image transfer exchanges on that link wait
 * between two blocks, so periodic reads keep their period while a meter on
 * the same link receives an image (SM-8). A meter has at most one
 * association at a time (DLMS meters accept one connection): a periodic read
 * of a meter whose association is open through
 * {@link io.fums.meter.access.MeterInventory#open(String)} runs over that
 * association, between two of its owner's requests.
 *
 * <h2>Security (SEC-2, SEC-5)</h2>
 * Every meter of the inventory says its association security; HLS-GMAC with
 * security suite 0 ciphering is the default and the only secure choice. A
 * meter written with weaker security is served, logged at WARN, audited
 * ({@code meter.insecure}) and reported: {@link io.fums.meter.access.MeterInfo#insecure()}.
 * Invocation counters are kept durably so that they keep rising across DCU restarts.
 *
 * <h2>Anomaly detection (SEC-8)</h2>
 * A change of a meter's active firmware identifier that was not announced
 * with {@link io.fums.meter.access.MeterInventory#expectFirmware(String, String)},
 * three consecutive associations refused for authentication reasons, the
 * energy register going back, the clock beyond its bound, another device id,
 * responses with a stale invocation counter and repeated GCM authentication
 * failures (rate-limited) raise a {@link io.fums.meter.access.MeterAlarm},
 * mark the meter suspect (durably) and are audited. The alarms are about the
 * trust in a meter, which both peers act on (the agent skips suspect meters),
 * so they are part of this layer, whoever saw the anomaly.
 *
 * <h2>Meter keys (SEC-1, SEC-2)</h2>
 * {@link io.fums.meter.access.MeterKeys}: the keys of the associations are held wrapped with
 * the DCU's key-encryption key, never in plaintext at rest; new keys come
 * from the cloud, and are rotated on the meter through its security setup
 * object with the new keys confirmed before the old ones are forgotten
 * ({@link io.fums.meter.access.MeterKeys#rotate}).
 *
 * <h2>An inventory the DCU cannot use</h2>
 * {@link io.fums.meter.access.MeterInventory#problem()} says why (missing,
 * empty or refused file); the DCU reports itself degraded with that reason.
 *
 * <h2>Broadcast on a shared medium</h2>
 * {@link io.fums.meter.access.MeterInventory#medium(String)} says which
 * meters share a serial link and which of them are in clear;
 * {@link io.fums.meter.access.MeterInventory#broadcaster(String)} sends
 * APDUs to all of them at once, each send scheduled on the link after the
 * waiting reads (the meter-upgrade agent's broadcast image transfer).
 *
 * <h2>Capabilities</h2>
 * {@link io.fums.meter.access.MeterInventory#capabilities(String)}: what a
 * meter's association object list offers (image transfer, activation
 * schedule, disconnect control, security setup, firmware identifiers, block
 * size, max PDU), read at the first contact and after a firmware change,
 * kept durably ({@link io.fums.meter.access.MeterCapabilities}).
 *
 * <p>1.1.0: {@link io.fums.meter.access.MeterKeys#provisionBroadcast}: a shared medium's broadcast key and
 * the authentication key its broadcasts carry, held wrapped like the meters' keys (SEC-1, SEC-3);
 * {@link io.fums.meter.access.MediumBroadcaster#sendCiphered} and
 * {@link io.fums.meter.access.MeterMedium#ciphered()}: a broadcast ciphered with it, its invocation counter
 * kept durably.
 *
 * <p>Version 1.0.0 takes these types unchanged from {@code io.fums.meter.reading} 1.6.0 (their
 * {@code @since} tags name the versions of that package).
 */
@Export
@Version("1.1.0")
package io.fums.meter.access;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
