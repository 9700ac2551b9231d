/**
 * Checks shared by the components that take a configuration: {@link io.fums.api.config.ConfigKeys} refuses keys a
 * component does not know, naming what was likely meant.
 */
@Export
@Version("1.0.0")
package io.fums.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
