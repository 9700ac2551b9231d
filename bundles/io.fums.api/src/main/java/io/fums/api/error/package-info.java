/**
 * Error codes shared by every FUMS bundle, and the exception that carries
 * one. A code is the stable, machine-readable part of an error: it appears
 * in audit entries, MQTT responses and events, and in command-line exit
 * messages. Codes are never renamed or reused.
 */
@Export
@Version("1.10.0")
package io.fums.api.error;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
