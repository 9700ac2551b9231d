/**
 * The DCU's software set: the features (named, versioned sets of bundles)
 * installed on top of the base runtime, with every bundle's content hash,
 * start level and start state.
 *
 * <p>The <em>committed</em> set is the truth about what the DCU runs: the
 * launcher installs it into a clean framework at every start, and a software
 * swap either commits a new set or leaves the old one in place. The set file
 * format is plain text so that the launcher reads it without any library.
 */
@Export
@Version("1.1.0")
package io.fums.api.software;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
