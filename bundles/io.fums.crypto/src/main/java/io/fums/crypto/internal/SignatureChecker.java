package io.fums.crypto.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.KeyRole;
import io.fums.crypto.TrustStore;
import io.fums.crypto.TrustedKey;
import io.fums.crypto.pkg.SignatureFile;
import io.fums.crypto.sign.EcPublicKey;
import io.fums.crypto.sign.EcdsaSignatures;
import io.fums.crypto.sign.KeyRing;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the signatures of a package over its manifest bytes against the
 * trust store, and the thresholds of the required roles.
 *
 * <p>Every signature present must be good: a revoked signer, an unknown
 * signer or a signature that does not verify refuses the package even when
 * the thresholds are met by others (a package carries exactly the signatures
 * its vendor and utility made; anything else is tampering). A good signature
 * counts for the role the trust store gives its key, and only if the
 * signature file claims that same role.
 */
public final class SignatureChecker {

    private SignatureChecker() {
    }

    /**
     * Checks the signatures.
     *
     * @param manifest   the exact signed bytes
     * @param signatures the signature files
     * @param ring       the trust store
     * @param required   the roles whose thresholds must be met
     * @return per role, the sorted ids of the keys that counted
     * @throws FumsException {@code PKG_SIGNER_REVOKED}, {@code PKG_SIGNER_UNKNOWN},
     *     {@code PKG_SIGNATURE_INVALID}, {@code PKG_NONCANONICAL} (a high-s signature) or
     *     {@code PKG_THRESHOLD_NOT_MET}
     */
    public static Map<KeyRole, List<String>> check(byte[] manifest, List<SignatureFile> signatures, KeyRing ring,
                                                   Set<KeyRole> required) throws FumsException {
        TrustStore store = ring.store();
        Map<KeyRole, Set<String>> counted = new EnumMap<>(KeyRole.class);
        List<String> notCounted = new ArrayList<>();
        for (SignatureFile s : signatures) {
            String id = s.keyId();
            if (store.isRevoked(id)) {
                throw new FumsException(ErrorCode.PKG_SIGNER_REVOKED, "signature by key " + id + " (claimed role "
                        + s.role().id() + "): the key is revoked");
            }
            TrustedKey trusted = store.key(id).orElseThrow(() -> new FumsException(ErrorCode.PKG_SIGNER_UNKNOWN,
                    "signature by key " + id + " (claimed role " + s.role().id() + "): the trust store does not know this key"));
            EcPublicKey key = ring.publicKey(id).orElseThrow(() -> new FumsException(ErrorCode.PKG_SIGNER_UNKNOWN,
                    "signature by key " + id + ": no public key"));
            if (s.algorithm() != trusted.algorithm()) {
                throw new FumsException(ErrorCode.PKG_SIGNATURE_INVALID, "signature by key " + id + " declares "
                        + s.algorithm().id() + ", the key is " + trusted.algorithm().id());
            }
            if (!EcdsaSignatures.verify(key, s.algorithm(), manifest, s.signature())) {
                throw new FumsException(ErrorCode.PKG_SIGNATURE_INVALID, "signature by key " + id + " (role "
                        + trusted.role().id() + ") does not verify over the manifest");
            }
            if (!EcdsaSignatures.isLowS(s.algorithm(), s.signature())) {
                throw new FumsException(ErrorCode.PKG_NONCANONICAL, "signature by key " + id + " verifies but has a high s"
                        + " (above n/2): only the low-s form is accepted, so that a package has one encoding");
            }
            if (!trusted.role().signsPackages()) {
                notCounted.add("key " + id + " is an " + trusted.role().id() + " key, which does not sign packages");
            } else if (s.role() != trusted.role()) {
                notCounted.add("key " + id + " signed as " + s.role().id() + " but the trust store gives it role "
                        + trusted.role().id());
            } else {
                counted.computeIfAbsent(trusted.role(), r -> new TreeSet<>()).add(id);
            }
        }
        for (KeyRole role : new KeyRole[] {KeyRole.VENDOR, KeyRole.UTILITY}) {
            int have = counted.getOrDefault(role, Set.of()).size();
            if (required.contains(role) && have < store.threshold(role)) {
                throw new FumsException(ErrorCode.PKG_THRESHOLD_NOT_MET, "role " + role.id() + " needs "
                        + store.threshold(role) + " valid signature(s), the package has " + have
                        + (notCounted.isEmpty() ? "" : "; not counted: " + String.join("; ", notCounted)));
            }
        }
        Map<KeyRole, List<String>> out = new EnumMap<>(KeyRole.class);
        counted.forEach((role, ids) -> out.put(role, List.copyOf(ids)));
        return out;
    }
}
