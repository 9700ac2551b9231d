package io.fums.store;

import io.fums.api.error.FumsException;

/**
 * The free space of the DCU's data folder, and the reserve the DCU keeps in
 * it (since 1.1, issue 16: an SD card that fills up). Journals, the outbox,
 * the audit log and periodic readings write a little all the time; new work
 * that writes a lot (a download, an image, a software package, a campaign)
 * asks {@link #require} first and is refused with {@code STORAGE_FULL} when
 * it would leave less than the reserve, so the small writes that keep the DCU
 * serving and reporting still find room. Nothing is latched: the next request
 * after space returns is served.
 *
 * <p>Registered as an OSGi service by the {@code io.fums.store} bundle
 * (configuration PID {@code io.fums.store}, {@code reserve.megabytes}); also a
 * Felix health check (tag {@code storage}) that says WARN while below the reserve.
 * Thread-safe.
 */
public interface StorageSpace {

    /**
     * The bytes a writer of the DCU can still use in the data folder's file system.
     *
     * @throws FumsException {@code STORAGE_FAILED} if the file system cannot be asked
     */
    long usableBytes() throws FumsException;

    /** The bytes kept free for the DCU's small durable writes; new work may not use them. */
    long reserveBytes();

    /**
     * Refuses work that would write {@code bytes} (0: work that writes a little, refused only below the reserve)
     * into the data folder when that would leave less than {@link #reserveBytes()}.
     *
     * @param bytes what the work writes, at least 0
     * @param what  the work, for the message ("downloading firmware 2.0.0")
     * @throws FumsException {@code STORAGE_FULL} saying what is free, what is needed and what is kept in reserve;
     *                       {@code STORAGE_FAILED} if the file system cannot be asked
     */
    void require(long bytes, String what) throws FumsException;

    /**
     * True if {@code e}, or a cause of it, is the operating system's "no space left on device" (ENOSPC; Java has
     * no exception type for it, only the message).
     */
    static boolean noSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("No space left on device")) {
                return true;
            }
        }
        return false;
    }
}
