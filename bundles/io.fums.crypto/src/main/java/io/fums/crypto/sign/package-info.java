/**
 * Signing keys, ECDSA signatures and the trust store they are checked
 * against, for the tools that make and check signed packages and commands
 * (fums-pkg, the cloud console, the demo, benchmarks and tests).
 *
 * <p>{@link io.fums.crypto.sign.EcKeys} generates and reads EC keys on P-256
 * and P-384 (PEM); a {@link io.fums.crypto.sign.SigningKey} holds a private
 * key for tools only (a DCU holds no signing key of a vendor, utility or
 * operator); {@link io.fums.crypto.sign.EcdsaSignatures} signs and verifies
 * with low-S ECDSA. {@link io.fums.crypto.sign.TrustStoreCodec} reads and
 * writes the trust store JSON into a checked {@link io.fums.crypto.sign.KeyRing};
 * a {@link io.fums.crypto.sign.TrustSource} supplies one to a verifier.
 *
 * <p>All types are immutable or stateless and safe to share between threads.
 * Refusals are {@link io.fums.api.error.FumsException}s ({@code CONFIG_*} for
 * an unusable trust store, {@code PKG_*} or {@code CMD_*} for signatures).
 */
@Export
@Version("1.0.0")
package io.fums.crypto.sign;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
