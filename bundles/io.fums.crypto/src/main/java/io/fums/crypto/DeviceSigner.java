package io.fums.crypto;

import org.osgi.annotation.versioning.ProviderType;

/**
 * This DCU's own signing key (SEC-6): every message the DCU publishes to the
 * cloud carries its signature, so that a head-end can tell the DCU's data
 * from data forged by anyone else who can publish on the broker. The private
 * half never leaves the DCU (a file readable by the service user only, see
 * {@link DeviceKeys}); the public half is registered with the head-end when
 * the DCU is provisioned and reported in the DCU's retained state.
 */
@ProviderType
public interface DeviceSigner {

    /** The key id: the first 8 octets of the SHA-256 of the public key's SubjectPublicKeyInfo, in hex (as in the trust store). */
    String keyId();

    /** The algorithm (ECDSA P-256 with SHA-256). */
    SignatureAlgorithm algorithm();

    /** The public key, PEM SubjectPublicKeyInfo. */
    String publicKeyPem();

    /** A deterministic (RFC 6979), low-s DER ECDSA signature over {@code data}. */
    byte[] sign(byte[] data);
}
