/**
 * Serial links to meters: {@link io.fums.link.serial.SerialLink}, a
 * {@link io.fums.dlms.link.Link} over a serial port through jSerialComm
 * (RS-485 adapters, optical probes, and socat pseudo-terminals opened by
 * path), configured by {@link io.fums.link.serial.SerialSettings}. In OSGi,
 * each factory configuration of PID {@code io.fums.link.serial} registers a
 * {@link io.fums.dlms.link.LinkFactory} service for its port.
 */
@Export
@Version("1.0.0")
package io.fums.link.serial;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
