package io.fums.store;

import io.fums.api.error.FumsException;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The DCU's tamper-evident audit log (SEC-9, SM-5, UMS-3): an append-only
 * table in which every entry carries the hash of the previous one, so that a
 * deleted, altered or re-ordered entry is detected by {@link #verify()}.
 *
 * <p>Record here every refused command, failed authentication, failed
 * verification and every upgrade attempt with its result.
 *
 * <h2>Chain hash</h2>
 * Each entry's {@code hash} is SHA-256 over this canonical encoding, where
 * {@code u32}/{@code i64} are big-endian, a <i>string</i> is its {@code u32}
 * byte length followed by its UTF-8 bytes, and a null string is the single
 * length {@code 0xFFFFFFFF} with no bytes:
 * <pre>
 *   string "fums.audit.v1"          domain and encoding version
 *   i64    seq
 *   i64    timestamp (UTC ms)
 *   string actor
 *   string action
 *   string outcome                   OK | REFUSED | FAILED
 *   string reason                    ErrorCode name, or null
 *   string subject                   or null
 *   string detail                    JSON object text, or null
 *   u32    32, then prev_hash        32 bytes
 * </pre>
 * The first entry (seq 1) chains from 32 zero bytes. Text is stored exactly
 * as hashed (strings are normalised to well-formed UTF-8 and NUL is replaced
 * by U+FFFD before hashing), so anyone can recompute the chain from the table.
 *
 * <p>The chain detects changes by anyone who does not recompute every later
 * hash. The log also keeps a head record (last seq and hash) that
 * {@link #verify()} compares, so deleting the newest entries is detected too.
 * For protection against an attacker with full write access to the file,
 * publish {@link #last()}'s hash off the device from time to time and compare.
 *
 * <p><b>Thread-safety:</b> all methods are safe to call from any thread;
 * appends are serialised.
 *
 * <p><b>Errors:</b> {@code STORAGE_FAILED} when the database cannot be
 * written or read.
 */
@ProviderType
public interface AuditLog {

    /**
     * Appends an entry and makes it durable before returning. Over-long text
     * is shortened (actor and action to 256 characters, subject to 1024, the
     * detail JSON to 16 KiB, replaced by a marker object) rather than refused:
     * a refusal must always be recordable.
     *
     * @param event what to record
     * @return the stored entry with its seq, timestamp and hashes
     * @throws FumsException {@code STORAGE_FAILED} if it could not be stored
     */
    AuditEntry append(AuditEvent event) throws FumsException;

    /**
     * Walks the whole chain from seq 1 and checks each entry's seq, prev_hash
     * and hash, then the head record. Reads one consistent snapshot;
     * concurrent appends are not seen.
     *
     * @return intact with the count, or the first broken link and why
     * @throws FumsException {@code STORAGE_FAILED} if the log cannot be read
     */
    AuditVerification verify() throws FumsException;

    /**
     * Reads entries matching a filter, newest first. Read-only.
     *
     * @param query the filter
     * @return the matching entries, newest (highest seq) first, at most
     *     {@link AuditQuery#limit()}
     * @throws FumsException {@code STORAGE_FAILED} if the log cannot be read
     */
    List<AuditEntry> query(AuditQuery query) throws FumsException;

    /**
     * The newest entry: its hash commits to the whole chain.
     *
     * @return the entry with the highest seq, empty if the log is empty
     * @throws FumsException {@code STORAGE_FAILED} if the log cannot be read
     */
    Optional<AuditEntry> last() throws FumsException;
}
