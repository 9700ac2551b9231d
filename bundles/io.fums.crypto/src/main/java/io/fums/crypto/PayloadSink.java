package io.fums.crypto;

import java.io.IOException;
import java.io.OutputStream;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives payload bytes while a {@link PackageVerifier} streams them, so that
 * a caller can store an image in the same pass that verifies it (a 64 MB
 * image is read once).
 *
 * <p>The bytes are <em>not yet verified</em> while they are written: the size
 * and hash are known good only when {@link PackageVerifier#verify} returns. On
 * a {@link io.fums.api.error.FumsException} the caller must discard whatever
 * it received (for example delete the temporary file). The verifier closes
 * every stream it opened, on success and on failure, and writes at most
 * {@link PayloadInfo#size()} + 1 bytes to it.
 *
 * <p>Implemented by callers (the image store). Called on the verifying
 * thread, one payload at a time, in manifest order.
 */
@ConsumerType
@FunctionalInterface
public interface PayloadSink {

    /**
     * Opens the destination of one payload.
     *
     * @param payload the payload as the signed manifest declares it
     * @return where to write its bytes; closed by the verifier
     * @throws IOException if the destination cannot be opened; verification
     *     then fails with {@link io.fums.api.error.ErrorCode#STORAGE_FAILED}
     */
    OutputStream open(PayloadInfo payload) throws IOException;
}
