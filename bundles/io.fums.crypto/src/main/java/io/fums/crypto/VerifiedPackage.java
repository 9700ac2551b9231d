package io.fums.crypto;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of a successful {@link PackageVerifier#verify}: what was
 * verified and by whom, for the caller's audit entry and image store.
 *
 * <p>A value: holding one is not proof by itself; it is trustworthy when it
 * comes from the verifier.
 *
 * @param manifest       the parsed, signed manifest
 * @param manifestSha256 SHA-256 of the exact manifest bytes (the signed bytes),
 *                       64 lower-case hex digits: identifies the package
 * @param signers        per role, the ids of the keys whose valid signatures
 *                       counted, sorted
 * @param payloadSha256  per payload file (manifest order), the SHA-256 computed
 *                       while streaming; equal to the manifest's
 */
public record VerifiedPackage(PackageManifest manifest, String manifestSha256,
                              Map<KeyRole, List<String>> signers, Map<String, String> payloadSha256) {

    /** Copies the maps. */
    public VerifiedPackage {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(manifestSha256, "manifestSha256");
        EnumMap<KeyRole, List<String>> s = new EnumMap<>(KeyRole.class);
        Objects.requireNonNull(signers, "signers").forEach((role, ids) -> s.put(role, List.copyOf(ids)));
        signers = Collections.unmodifiableMap(s);
        payloadSha256 = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(payloadSha256, "payloadSha256")));
    }

    /** The ids of the keys whose signatures counted for {@code role}; empty if none. */
    public List<String> signerKeyIds(KeyRole role) {
        return signers.getOrDefault(role, List.of());
    }
}
