package io.fums.store.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.sql.Connection;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;

/** At most {@code size} read connections, opened on demand and reused. */
final class ReaderPool {

    interface Opener {
        Connection open() throws FumsException;
    }

    private final Semaphore permits;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final Opener opener;
    private volatile boolean closed;

    ReaderPool(int size, Opener opener) {
        this.permits = new Semaphore(size, true);
        this.opener = opener;
    }

    Connection acquire() throws FumsException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FumsException(ErrorCode.STORAGE_FAILED, "interrupted while waiting for a database connection", e);
        }
        Connection c = idle.pollFirst();
        if (c != null) {
            return c;
        }
        try {
            return opener.open();
        } catch (FumsException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Returns a connection; an unhealthy one (or any after close) is closed instead. */
    void release(Connection c, boolean reuse) {
        if (reuse && !closed) {
            idle.offerFirst(c);
            if (closed) {
                close();
            }
        } else {
            SqliteDatabase.closeQuietly(c);
        }
        permits.release();
    }

    void close() {
        closed = true;
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            SqliteDatabase.closeQuietly(c);
        }
    }
}
