package io.fums.crypto.internal;

import io.fums.api.error.FumsException;
import io.fums.crypto.KeyRole;
import io.fums.crypto.SignatureAlgorithm;
import io.fums.crypto.TrustStore;
import io.fums.crypto.TrustedKey;
import io.fums.crypto.sign.EcKeys;
import io.fums.crypto.sign.KeyRing;
import io.fums.crypto.sign.SigningKey;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Keys generated at test time from a seed (reproducible), and a trust store over them. */
public final class TestPki {

    final SigningKey vendor;
    final SigningKey vendor2;
    final SigningKey vendorP384;
    final SigningKey utility;
    final SigningKey utility2;
    final SigningKey operator;
    final SigningKey operatorP384;
    final SigningKey stranger;

    TestPki(long seed) {
        SecureRandom r = seeded(seed);
        vendor = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, r);
        vendor2 = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, r);
        vendorP384 = EcKeys.generate(SignatureAlgorithm.ECDSA_P384_SHA384, r);
        utility = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, r);
        utility2 = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, r);
        operator = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, r);
        operatorP384 = EcKeys.generate(SignatureAlgorithm.ECDSA_P384_SHA384, r);
        stranger = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, r);
    }

    TestPki() {
        this(20260101L);
    }

    public static SecureRandom seeded(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static TrustedKey trusted(SigningKey k, KeyRole role) {
        return new TrustedKey(k.keyId(), role, k.algorithm(), k.publicKey().pem(), role.id() + " test key");
    }

    /** Every key but the stranger, default thresholds, nothing revoked. */
    TrustStore store() {
        return new TrustStore(List.of(trusted(vendor, KeyRole.VENDOR), trusted(vendor2, KeyRole.VENDOR),
                trusted(vendorP384, KeyRole.VENDOR), trusted(utility, KeyRole.UTILITY), trusted(utility2, KeyRole.UTILITY),
                trusted(operator, KeyRole.OPERATOR), trusted(operatorP384, KeyRole.OPERATOR)), Map.of(), Set.of());
    }

    KeyRing ring() {
        return ring(store());
    }

    static KeyRing ring(TrustStore store) {
        try {
            return KeyRing.of(store);
        } catch (FumsException e) {
            throw new IllegalStateException(e);
        }
    }
}
