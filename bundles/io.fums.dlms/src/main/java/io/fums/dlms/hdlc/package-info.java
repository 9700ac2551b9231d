/**
 * IEC 62056-46 HDLC framing (frame format type 3): addresses, control
 * field, HCS/FCS (CRC-16/X.25), the SNRM/UA parameter negotiation field,
 * the LLC header, single-frame encode/decode and a streaming frame reader
 * that resynchronises after garbage. No link state machine here: the
 * transport built on it keeps the sequence numbers and timers.
 *
 * <p>Exported because the HDLC transport's settings and negotiation results
 * ({@link io.fums.dlms.transport.HdlcSettings}) are expressed in its
 * address and parameter types.
 */
@Export
@Version("1.1.0")
package io.fums.dlms.hdlc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
