package io.fums.store.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.store.StorageSpace;
import java.io.IOException;
import java.sql.SQLException;

/** Maps SQL and I/O exceptions to {@link FumsException}s with a storage code. */
final class StorageErrors {

    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;
    /** Insertion failed because the database (its file system) is full. */
    private static final int SQLITE_FULL = 13;

    private StorageErrors() {
    }

    static FumsException sql(String what, SQLException e) {
        int primary = e.getErrorCode() & 0xff;
        ErrorCode code = primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB ? ErrorCode.STORAGE_CORRUPT
                : primary == SQLITE_FULL ? ErrorCode.STORAGE_FULL : ErrorCode.STORAGE_FAILED;
        return new FumsException(code, what + ": " + e.getMessage(), e);
    }

    static FumsException io(String what, IOException e) {
        return new FumsException(StorageSpace.noSpace(e) ? ErrorCode.STORAGE_FULL : ErrorCode.STORAGE_FAILED, what + ": " + e, e);
    }
}
