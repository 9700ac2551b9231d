/**
 * The readings of the DCU's meters (SM-1, SM-8, MET-1) and the supply switch (SEC-4).
 *
 * <p>{@link io.fums.meter.reading.MeterReadings} reads every meter of the
 * inventory periodically (energy registers, clock, active firmware
 * identifier) and keeps the readings; {@link io.fums.meter.reading.ReadStats}
 * counts the reads scheduled, done in time and missed.
 *
 * <p>The inventory, the associations with the meters and their scheduling on
 * the links (reads first, SM-8), the meter keys, the shared medium and the
 * alarms on a meter's trust are the meter-access layer's:
 * {@code io.fums.meter.access}. This bundle and the meter-upgrade agent are
 * two peers above it; neither imports the other.
 *
 * <h2>Supply switch (SEC-4, since 1.2)</h2>
 * {@link io.fums.meter.reading.MeterSupply} reads and operates a meter's
 * disconnect control object (class 70); who may do so is decided by its
 * callers (dual control for a disconnection).
 *
 * <p>2.0.0: the inventory, meter keys, medium, capability and alarm types moved, unchanged, to
 * {@code io.fums.meter.access} 1.0.0.
 */
@Export
@Version("2.0.0")
package io.fums.meter.reading;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
