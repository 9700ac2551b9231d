package io.fums.crypto;

import io.fums.api.error.FumsException;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Verifies a package file against the trust store before anything of it is
 * used (SM-11, SEC-3, UC-3).
 *
 * <p>The checks, in this order; the first that fails ends verification with a
 * {@link FumsException} whose code says why:
 * <ol>
 * <li>Structure. The file is read as a strict ZIP profile (no comments, extra
 *     fields, encryption, data descriptors or gaps; every header consistent):
 *     bad structure or a truncated file gives {@code PKG_MALFORMED}; an entry
 *     that is not stored (a deflated one: a second encoding of the same
 *     content) gives {@code PKG_NONCANONICAL}; an entry
 *     name with {@code ..}, a leading {@code /} or a backslash gives
 *     {@code PKG_PATH_TRAVERSAL}; more bytes or entries than allowed give
 *     {@code PKG_TOO_LARGE}.</li>
 * <li>Signatures, over the exact bytes of {@code manifest.json}, before the
 *     manifest is parsed: a signature by a key the trust store does not know
 *     gives {@code PKG_SIGNER_UNKNOWN}, by a revoked key
 *     {@code PKG_SIGNER_REVOKED}, one that does not verify
 *     {@code PKG_SIGNATURE_INVALID}, one that verifies in its high-s form
 *     (s &gt; n/2) {@code PKG_NONCANONICAL}. A valid signature counts toward the role
 *     the trust store gives its key, and only if the signature file declares
 *     that same role; a role short of its threshold gives
 *     {@code PKG_THRESHOLD_NOT_MET}.</li>
 * <li>The manifest: a missing field, an unknown field, a wrong type or an
 *     invalid value gives {@code PKG_MANIFEST_INVALID} naming the field.</li>
 * <li>The device ({@link VerifyOptions}): another kind or a device type not
 *     listed gives {@code PKG_INCOMPATIBLE}; an installed version below the
 *     package's prerequisite for the device type gives {@code PKG_PREREQUISITE};
 *     a version equal to or lower than the installed one gives
 *     {@code PKG_DOWNGRADE} unless the manifest says {@code "downgrade": true}.</li>
 * <li>Payloads, streamed (never held in memory) in manifest order, each
 *     copied to the optional {@link PayloadSink}: a ZIP entry whose recorded
 *     size differs from the manifest, or that ends early, gives
 *     {@code PKG_SIZE_MISMATCH}; a wrong SHA-256 gives
 *     {@code PKG_HASH_MISMATCH}.</li>
 * </ol>
 * An unreadable or invalid trust store gives {@code CONFIG_MISSING} or
 * {@code CONFIG_INVALID}; a failing sink {@code STORAGE_FAILED}. Nothing is
 * ever accepted on an unexpected error.
 *
 * <p>Implementations are thread-safe and keep no state between calls; they
 * write no audit entries (the caller does, with the code).
 */
@ProviderType
public interface PackageVerifier {

    /**
     * Verifies a package file.
     *
     * @param packageFile the package (a ZIP); not modified
     * @param options     what to verify it for; {@link VerifyOptions#none()} for
     *                    signatures and integrity only
     * @return what was verified
     * @throws FumsException if the package is refused; the code says why
     */
    VerifiedPackage verify(Path packageFile, VerifyOptions options) throws FumsException;
}
