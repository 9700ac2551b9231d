/**
 * The DCU's meters and their readings (SM-1, SM-8, SEC-2, SEC-8, MET-1).
 *
 * <p>{@link io.fums.meter.reading.MeterInventory} knows which meters the DCU
 * serves, over which link, with which security; it identifies a meter on
 * demand (device id and active firmware identifier, SM-1) and opens DLMS
 * associations for other bundles (the meter-upgrade agent) whose every
 * request/response exchange is scheduled on the meter's link.
 * {@link io.fums.meter.reading.MeterReadings} reads every meter periodically
 * (energy registers, clock, active firmware identifier) and keeps the
 * readings.
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
 * {@link io.fums.meter.reading.MeterInventory#open(String)} runs over that
 * association, between two of its owner's requests.
 *
 * <h2>Security (SEC-2, SEC-5)</h2>
 * Every meter of the inventory says its association security; HLS-GMAC with
 * security suite 0 ciphering is the default and the only secure choice. A
 * meter written with weaker security is served, logged at WARN, audited
 * ({@code meter.insecure}) and reported: {@link io.fums.meter.reading.MeterInfo#insecure()}.
 *
 * <h2>Anomaly detection (SEC-8)</h2>
 * A change of a meter's active firmware identifier that was not announced
 * with {@link io.fums.meter.reading.MeterInventory#expectFirmware(String, String)},
 * three consecutive associations refused for authentication reasons, the
 * energy register going back, the clock beyond its bound, another device id,
 * responses with a stale invocation counter and repeated GCM authentication
 * failures (since 1.4; rate-limited) raise a {@link io.fums.meter.reading.MeterAlarm},
 * mark the meter suspect (durably) and are audited.
 *
 * <h2>Supply switch (SEC-4, since 1.2)</h2>
 * {@link io.fums.meter.reading.MeterSupply} reads and operates a meter's
 * disconnect control object (class 70); who may do so is decided by its
 * callers (dual control for a disconnection).
 *
 * <h2>Meter keys (SEC-1, SEC-2, since 1.4)</h2>
 * {@link io.fums.meter.reading.MeterKeys}: meter keys are held wrapped with
 * the DCU's key-encryption key, never in plaintext at rest; new keys come
 * from the cloud, and are rotated on the meter through its security setup
 * object with the new keys confirmed before the old ones are forgotten
 * ({@link io.fums.meter.reading.MeterKeys#rotate}, since 1.5).
 *
 * <h2>An inventory the DCU cannot use (since 1.4)</h2>
 * {@link io.fums.meter.reading.MeterInventory#problem()} says why (missing,
 * empty or refused file); the DCU reports itself degraded with that reason.
 *
 * <h2>Broadcast on a shared medium (since 1.5)</h2>
 * {@link io.fums.meter.reading.MeterInventory#medium(String)} says which
 * meters share a serial link and which of them are in clear;
 * {@link io.fums.meter.reading.MeterInventory#broadcaster(String)} sends
 * APDUs to all of them at once, each send scheduled on the link after the
 * waiting reads (the meter-upgrade agent's broadcast image transfer).
 *
 * <h2>Capabilities (since 1.6)</h2>
 * {@link io.fums.meter.reading.MeterInventory#capabilities(String)}: what a
 * meter's association object list offers (image transfer, activation
 * schedule, disconnect control, security setup, firmware identifiers, block
 * size, max PDU), read at the first contact and after a firmware change,
 * kept durably ({@link io.fums.meter.reading.MeterCapabilities}).
 */
@Export
@Version("1.6.0")
package io.fums.meter.reading;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
