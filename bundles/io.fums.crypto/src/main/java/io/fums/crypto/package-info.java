/**
 * Signed packages, the trust store and operator command authentication
 * (SM-11, SEC-1, SEC-3, SEC-4, UC-1, UC-3).
 *
 * <h2>Packages</h2>
 * One format for meter firmware and DCU software: a ZIP holding
 * {@code manifest.json}, the payload files it lists (size and SHA-256 each),
 * and detached ECDSA signatures over the exact manifest bytes in
 * {@code signatures/<keyId>.sig}. A package is accepted only when the
 * signatures of every required role (the vendor, and the utility's approval)
 * reach the thresholds of the {@link io.fums.crypto.TrustStore}, no signer is
 * unknown or revoked, every payload streams to its declared size and hash,
 * and the package suits the device ({@link io.fums.crypto.VerifyOptions}):
 * compatible device type, prerequisite version installed, and no downgrade
 * unless the manifest is signed as an explicit downgrade. See
 * {@link io.fums.crypto.PackageVerifier}.
 *
 * <h2>Commands</h2>
 * A state-changing command travels as a signed envelope: the exact JSON bytes
 * an operator key signed, carried base64, so that any language can produce
 * them without a canonicalisation scheme. See
 * {@link io.fums.crypto.CommandVerifier}.
 *
 * <h2>Errors</h2>
 * Every refusal is a {@link io.fums.api.error.FumsException} whose
 * {@link io.fums.api.error.ErrorCode} names the reason ({@code PKG_*},
 * {@code CMD_*}, {@code CONFIG_*} for an unusable trust store). The services
 * here never write audit entries and never check nonces for replay: callers
 * do both with the codes and values these services return.
 *
 * <h2>DLMS keys</h2>
 * {@link io.fums.crypto.DlmsKeys} (since 1.3): the DCU's P-256 client signing
 * key for HLS-ECDSA (security suite 1) and the meters' certificates; since 1.4
 * a certificate's serial number and its validity at an instant.
 * {@link io.fums.crypto.DeviceKem#broadcastKeysAad} (since 1.4): the associated
 * data of a shared medium's sealed broadcast keys.
 *
 * <p>The format itself is specified in {@code docs/package-format.md}.
 */
@Export
@Version("1.5.0")
package io.fums.crypto;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
