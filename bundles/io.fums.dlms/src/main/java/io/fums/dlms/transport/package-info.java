/**
 * DLMS/COSEM lower layers that carry whole APDUs over a
 * {@link io.fums.dlms.link.Link}: the TCP/UDP wrapper of IEC 62056-47
 * ({@link io.fums.dlms.transport.WrapperTransport}) and the client role of
 * the HDLC link layer of IEC 62056-46
 * ({@link io.fums.dlms.transport.HdlcClientTransport}): SNRM/UA with
 * parameter negotiation, I frames with N(S)/N(R) and P/F, RR/RNR, windows,
 * segmentation, go-back-N retransmission on timeout, DISC/UA/DM. The server
 * role (the meter) is not part of the DCU: it lives in the meter emulator's
 * own module and builds on {@link io.fums.dlms.transport.HdlcStation} (frame
 * input and output with bounded waits) and
 * {@link io.fums.dlms.transport.Deadline} (monotonic deadlines).
 *
 * <p>All of them implement {@link io.fums.dlms.transport.ApduTransport}.
 * {@link io.fums.dlms.transport.HdlcBroadcaster} sends APDUs in UI frames to
 * every meter on a shared medium at once (all-station address); a server
 * transport hands such APDUs to its session as unconfirmed requests
 * ({@link io.fums.dlms.transport.ApduTransport#lastReceivedUnconfirmed()}).
 *
 * <p>2.0.0: HdlcServerTransport left the package (the meter emulator owns
 * it); HdlcStation and Deadline became public.
 * Each transport is used by one thread at a time (the session that owns it);
 * {@code close()} may come from any thread. Every wait is bounded and every
 * reassembled length is capped.
 */
@Export
@Version("2.0.0")
package io.fums.dlms.transport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
