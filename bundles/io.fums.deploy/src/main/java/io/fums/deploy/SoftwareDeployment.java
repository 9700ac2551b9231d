package io.fums.deploy;

import io.fums.api.error.FumsException;
import io.fums.api.software.SoftwareSet;
import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The DCU's software: what runs, and transactional swaps of it. Used by the
 * cloud link (MQTT requests) and the technician's shell.
 *
 * <p>Swaps are serialised: a call to {@link #apply} or {@link #rollback}
 * while another swap runs waits for it. Every swap, whatever its outcome, is
 * recorded in the history and the audit log before the call returns.
 * Implementations are thread-safe.
 */
@ProviderType
public interface SoftwareDeployment {

    /** The committed software set (the features installed on top of the base runtime). */
    SoftwareSet committed();

    /** Every bundle of the framework now, with its feature ({@code base} for the base runtime). */
    List<InstalledBundle> bundles();

    /**
     * Applies a signed {@code dcu-software} package: verifies it (signatures,
     * hashes, compatibility with this DCU, anti-rollback against the installed
     * version of the feature), then swaps the feature in and commits, or rolls
     * back to the exact previous set.
     *
     * @param packageFile the package
     * @return the outcome: {@link SwapOutcome#COMMITTED} or {@link SwapOutcome#ROLLED_BACK}
     *     with the reason
     * @throws FumsException if the package is refused before anything changed
     *     (the {@code PKG_*} code says why; the refusal is audited)
     */
    SwapResult apply(Path packageFile) throws FumsException;

    /**
     * Swaps back to the previous committed set and commits it.
     *
     * @throws FumsException {@code SWAP_NOTHING_TO_ROLL_BACK} if there is no previous set
     */
    SwapResult rollback() throws FumsException;

    /**
     * The most recent swaps, newest first.
     *
     * @param limit at most this many, 1..1000
     */
    List<SwapRecord> history(int limit) throws FumsException;
}
