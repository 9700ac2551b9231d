/**
 * DLMS/COSEM security (Green Book 9.2) as the client and server sessions
 * use it: the authentication levels ({@link io.fums.dlms.security.Authentication}),
 * key material ({@link io.fums.dlms.security.SecurityKeys}), security suite 0
 * (AES-GCM-128, 12-byte tags; {@link io.fums.dlms.security.SecuritySuite0}),
 * the ciphered APDU format with its security header
 * ({@link io.fums.dlms.security.CipheredApdu}), invocation counters with
 * replay protection ({@link io.fums.dlms.security.InvocationCounters}) and the
 * per-association protection of xDLMS APDUs
 * ({@link io.fums.dlms.security.SecureChannel}). Security suite 1
 * ({@link io.fums.dlms.security.SecuritySuite1}, since 1.3): HLS-ECDSA
 * (mechanism 7) with P-256 signatures from {@link io.fums.dlms.security.EcdsaKeys};
 * its ciphering is suite 0's AES-GCM-128 with SC 0x31. Broadcast ciphering
 * with the global broadcast encryption key ({@link io.fums.dlms.security.BroadcastChannel},
 * {@link io.fums.dlms.security.BroadcastKey}, since 1.4). AES and ECDSA come from
 * Bouncy Castle's lightweight API (no JCE provider is registered).
 */
@Export
@Version("1.4.0")
package io.fums.dlms.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
