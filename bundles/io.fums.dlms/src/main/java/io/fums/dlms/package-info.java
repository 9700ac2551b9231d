/**
 * DLMS/COSEM codec core shared by the DCU's client and the meter emulator's
 * server: the error type every decoder throws and the limits that bound
 * decoding. The codec itself lives in the sub-packages:
 * {@code axdr} (DLMS data types), {@code cosem} (object identifiers and the
 * objects the DCU uses), {@code apdu} (ACSE and xDLMS APDUs), and the framing
 * layers {@code hdlc} (IEC 62056-46) and {@code wrapper} (IEC 62056-47).
 *
 * <p>Everything here is plain Java: no OSGi service, no I/O, no threads. All
 * types are immutable and thread-safe unless stated otherwise.
 */
@Export
@Version("1.0.0")
package io.fums.dlms;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
