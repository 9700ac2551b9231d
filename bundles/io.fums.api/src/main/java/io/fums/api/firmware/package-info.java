/**
 * Firmware and software versions, as vendors number them and as FUMS
 * compares them for compatibility and anti-rollback checks.
 */
@Export
@Version("1.1.0")
package io.fums.api.firmware;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
