/**
 * IEC 62056-46 HDLC framing (frame format type 3): addresses, control
 * field, HCS/FCS (CRC-16/X.25), the SNRM/UA parameter negotiation field,
 * the LLC header, single-frame encode/decode and a streaming frame reader
 * that resynchronises after garbage. No link state machine here: the
 * transport built on it keeps the sequence numbers and timers.
 *
 * <p>Public for the emulator's flat classpath; not exported from the bundle.
 */
package io.fums.dlms.hdlc;
