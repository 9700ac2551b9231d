package io.fums.crypto.sign;

import io.fums.api.error.FumsException;
import java.nio.file.Path;

/**
 * Supplies the trust store for one verification. The DS component reads the
 * file for every verification, so a revocation takes effect at once and a
 * broken file refuses everything instead of leaving an old store in force.
 */
@FunctionalInterface
public interface TrustSource {

    /**
     * The current trust store.
     *
     * @throws FumsException {@code CONFIG_MISSING} or {@code CONFIG_INVALID}
     */
    KeyRing get() throws FumsException;

    /** A fixed trust store. */
    static TrustSource fixed(KeyRing ring) {
        return () -> ring;
    }

    /** The trust store file, read at every call. */
    static TrustSource file(Path path) {
        return () -> TrustStoreCodec.read(path);
    }
}
