/**
 * ACSE and xDLMS APDUs of IEC 62056-5-3 (Green Book) for logical-name
 * referencing, in both directions so that the DCU's client and the
 * emulator's server share one codec: AARQ/AARE and RLRQ/RLRE (BER),
 * InitiateRequest/InitiateResponse, GET, SET and ACTION requests and
 * responses including block transfer, exception-response and
 * confirmed-service-error (A-XDR).
 *
 * <p>Every APDU is an immutable record implementing
 * {@link io.fums.dlms.apdu.Apdu}; {@link io.fums.dlms.apdu.Apdu#encode()}
 * gives its bytes, {@link io.fums.dlms.apdu.Apdus#decode(byte[])} parses any
 * of them and throws {@link io.fums.dlms.DlmsCodecException} for anything
 * malformed. Ciphered APDUs are not handled yet.
 */
@Export
@Version("1.1.0")
package io.fums.dlms.apdu;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
