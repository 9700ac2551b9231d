/** A library used by the test leaf bundle: refreshing it must restart the leaf, nothing else. */
@Export
@Version("1.0.0")
package io.fums.test.lib;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
