package io.fums.security;

import io.fums.crypto.VerifiedPackage;
import java.util.Map;

/**
 * A verified package in the image store.
 *
 * @param verified       what was verified (manifest, signers, payload hashes)
 * @param packageSha256  the image-store name of the whole package file (re-verifiable before use)
 * @param payloadSha256  each payload's image-store name, by its file name in the package
 */
public record StoredPackage(VerifiedPackage verified, String packageSha256, Map<String, String> payloadSha256) {

    public StoredPackage {
        payloadSha256 = Map.copyOf(payloadSha256);
    }
}
