/**
 * Identity of the devices a DCU deals with: the DCU itself and the meters
 * below it.
 *
 * <p>Types here are immutable values, safe to share between threads and
 * bundles.
 */
@Export
@Version("1.0.0")
package io.fums.api.device;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
