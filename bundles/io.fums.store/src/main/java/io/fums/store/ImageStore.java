package io.fums.store;

import io.fums.api.error.FumsException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Content-addressed storage for meter firmware images and DCU software
 * packages, in the data directory under
 * {@code images/sha256/<first two hex digits>/<64 hex digits>}.
 *
 * <p>A blob is named by the SHA-256 of its content, as 64 lower-case hex
 * digits (methods also accept upper case). Content is streamed, never held
 * in memory, so images of any size up to the caller's limit can be stored.
 *
 * <p><b>Durability:</b> {@link #put} writes to a temporary file, fsyncs it,
 * renames it atomically into place and fsyncs the directory before
 * returning. A crash leaves either no blob or the complete one; leftover
 * temporary files are deleted when the store starts and by {@link #gc}.
 *
 * <p><b>Integrity:</b> {@link #open} re-hashes the whole blob before handing
 * out a stream on it, so a corrupted file is never taken for a good one. A
 * blob that fails the check is moved out of the store (to
 * {@code images/quarantine/}, emptied by {@link #gc}) and
 * {@code STORAGE_CORRUPT} is thrown.
 *
 * <p><b>Thread-safety:</b> all methods are safe to call from any thread.
 * Several puts may run at once; puts of the same content are idempotent.
 * {@link #gc} never removes the temporary file of a put in progress.
 *
 * <p><b>Errors:</b> {@code STORAGE_FAILED} for I/O errors (disk full,
 * permissions); the {@code PKG_*} codes for content that does not match
 * what was expected; {@link IllegalArgumentException} for a string that is
 * not a SHA-256 hex digest.
 */
@ProviderType
public interface ImageStore {

    /** Pass as {@code expectedSize} when the size is not known in advance. */
    long UNKNOWN_SIZE = -1;

    /**
     * Stores the content of a stream, checking it on the way. Reads
     * {@code in} to its end (or until a limit is exceeded) but does not close it.
     *
     * <p>At most {@code min(maxBytes, expectedSize)} bytes are ever written to
     * disk, and at most one more byte is read to detect an over-long stream,
     * so an endless or decompression-bomb stream costs no more than the limit.
     *
     * @param in the content
     * @param expectedSize the exact size in bytes, or {@link #UNKNOWN_SIZE}
     * @param expectedSha256 the expected SHA-256 hex digest, or null to accept
     *     any content
     * @param maxBytes the largest content accepted, {@code >= 1}
     * @return the SHA-256 hex digest (lower case) naming the stored blob
     * @throws FumsException {@code PKG_TOO_LARGE} if the content (or
     *     {@code expectedSize}) exceeds {@code maxBytes}, or the content is
     *     longer than {@code expectedSize} (a decompression bomb);
     *     {@code PKG_SIZE_MISMATCH} if the content is shorter than
     *     {@code expectedSize}; {@code PKG_HASH_MISMATCH} if its digest is not
     *     {@code expectedSha256}; {@code STORAGE_FAILED} on a write error. In
     *     every case nothing is stored and the temporary file is deleted.
     * @throws IOException if reading {@code in} fails (nothing is stored)
     * @throws IllegalArgumentException if {@code expectedSha256} is not a hex
     *     digest, {@code maxBytes < 1} or {@code expectedSize < -1}
     */
    String put(InputStream in, long expectedSize, String expectedSha256, long maxBytes)
            throws FumsException, IOException;

    /**
     * Opens a blob for reading after re-hashing all of it. The returned stream
     * reads the same open file that was verified; the caller closes it.
     *
     * @param sha256 the blob's digest
     * @return the stream positioned at the start, or empty if there is no such blob
     * @throws FumsException {@code STORAGE_CORRUPT} if the content no longer
     *     matches its name (the blob is quarantined and gone from the store);
     *     {@code STORAGE_FAILED} on a read error
     */
    Optional<InputStream> open(String sha256) throws FumsException;

    /**
     * Whether a blob is present. Does not verify its content.
     *
     * @param sha256 the blob's digest
     * @return true if it is stored
     */
    boolean contains(String sha256);

    /**
     * The size of a blob.
     *
     * @param sha256 the blob's digest
     * @return its size in bytes, or empty if there is no such blob
     * @throws FumsException {@code STORAGE_FAILED} on I/O error
     */
    OptionalLong size(String sha256) throws FumsException;

    /**
     * Deletes a blob durably.
     *
     * @param sha256 the blob's digest
     * @return true if it was there
     * @throws FumsException {@code STORAGE_FAILED} on I/O error
     */
    boolean delete(String sha256) throws FumsException;

    /**
     * The digests of all stored blobs.
     *
     * @return lower-case digests, sorted
     * @throws FumsException {@code STORAGE_FAILED} on I/O error
     */
    SortedSet<String> list() throws FumsException;

    /**
     * Deletes every blob not in {@code keep}, every leftover temporary file
     * (not those of puts in progress) and the quarantine. A blob stored by a
     * put that finishes while gc runs may be deleted unless it is in
     * {@code keep}: callers decide what to keep under their own lock.
     *
     * @param keep digests of the blobs to keep (any case)
     * @return the digests of the blobs deleted, sorted
     * @throws FumsException {@code STORAGE_FAILED} on I/O error
     * @throws IllegalArgumentException if {@code keep} holds a string that is
     *     not a hex digest
     */
    SortedSet<String> gc(Set<String> keep) throws FumsException;
}
