/**
 * The DLMS/COSEM client of the DCU: {@link io.fums.dlms.client.DlmsClient}
 * opens an association over any {@link io.fums.dlms.transport.ApduTransport}
 * (TCP wrapper, HDLC over serial or TCP) with no security, a password (LLS),
 * HLS-GMAC with security suite 0 or HLS-ECDSA with security suite 1 (since
 * 1.3), optionally ciphering every APDU, and offers GET,
 * SET and ACTION with automatic block transfer in both directions within
 * the negotiated PDU sizes. {@link io.fums.dlms.client.MeterObjects} and
 * {@link io.fums.dlms.client.ImageTransferClient} read and drive the
 * objects the DCU uses (device id, firmware identifier, clock, energy
 * registers, image transfer and its activation schedule);
 * {@link io.fums.dlms.client.SecuritySetupClient} transfers new keys to a
 * meter (class 64 key_transfer, since 1.3).
 * {@link io.fums.dlms.client.BroadcastImageTransfer} transfers one image to
 * every meter on a shared medium: each block broadcast once, then each
 * meter's missing blocks point-to-point ({@link
 * io.fums.dlms.client.BroadcastResult}).
 *
 * <p>A client serves one meter, one request at a time; its methods are
 * synchronized. Every wait is bounded by the association's response timeout.
 * Errors are {@link io.fums.dlms.DlmsException}s naming the meter link:
 * METER_UNREACHABLE, METER_PROTOCOL, METER_AUTH_FAILED, or METER_REFUSED
 * ({@link io.fums.dlms.client.DlmsRefusedException}, with the meter's result).
 */
@Export
@Version("1.5.0")
package io.fums.dlms.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
