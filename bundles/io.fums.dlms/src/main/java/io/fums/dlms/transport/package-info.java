/**
 * DLMS/COSEM lower layers that carry whole APDUs over a
 * {@link io.fums.dlms.link.Link}: the TCP/UDP wrapper of IEC 62056-47
 * ({@link io.fums.dlms.transport.WrapperTransport}) and the HDLC link layer
 * of IEC 62056-46 in both roles
 * ({@link io.fums.dlms.transport.HdlcClientTransport},
 * {@link io.fums.dlms.transport.HdlcServerTransport}): SNRM/UA with
 * parameter negotiation, I frames with N(S)/N(R) and P/F, RR/RNR, windows,
 * segmentation, go-back-N retransmission on timeout, DISC/UA/DM.
 *
 * <p>All of them implement {@link io.fums.dlms.transport.ApduTransport}.
 * {@link io.fums.dlms.transport.HdlcBroadcaster} sends APDUs in UI frames to
 * every meter on a shared medium at once (all-station address); the server
 * transport hands such APDUs to its session as unconfirmed requests
 * ({@link io.fums.dlms.transport.ApduTransport#lastReceivedUnconfirmed()}).
 * Each transport is used by one thread at a time (the session that owns it);
 * {@code close()} may come from any thread. Every wait is bounded and every
 * reassembled length is capped.
 */
@Export
@Version("1.2.0")
package io.fums.dlms.transport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
