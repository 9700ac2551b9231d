/**
 * DCU self-upgrade: the DCU's own software as features (named, versioned sets
 * of bundles) that are swapped transactionally while the DCU runs (CARD-1,
 * UMS-1, UMS-2, UMS-3).
 *
 * <p>A swap verifies the signed package, journals its intent, stops only the
 * bundles it changes, refreshes only their dependency closure, starts them,
 * waits for health, and then either commits the new software set or puts
 * the exact previous set back. A crash at any step leaves the committed set
 * in force: the launcher installs it into a clean framework at the next start.
 */
@Export
@Version("1.1.0")
package io.fums.deploy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
