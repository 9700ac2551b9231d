package io.fums.store.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.store.StorageSpace;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link StorageSpace} of a data folder: the usable space its file system reports (statfs), asked at every call,
 * against a fixed reserve. A file system that reports a size of 0 (one that does not implement statfs) cannot be
 * judged: its usable space counts as unlimited, with one warning. Logs once when the folder goes below the reserve (WARN) and once when it is back (INFO).
 */
public final class DataFolderSpace implements StorageSpace {

    private static final Logger LOG = LoggerFactory.getLogger(DataFolderSpace.class);

    private final Path folder;
    private final long reserve;
    private final AtomicBoolean low = new AtomicBoolean();
    private final AtomicBoolean unsized = new AtomicBoolean();

    /**
     * @param folder       the data folder (it exists)
     * @param reserveBytes the bytes kept free, at least 0
     */
    public DataFolderSpace(Path folder, long reserveBytes) {
        if (reserveBytes < 0) {
            throw new IllegalArgumentException("reserveBytes < 0");
        }
        this.folder = folder;
        this.reserve = reserveBytes;
    }

    @Override
    public long usableBytes() throws FumsException {
        try {
            FileStore store = Files.getFileStore(folder);
            if (store.getTotalSpace() == 0) {
                // a file system that does not say its size (a FUSE file system without statfs, such as LazyFS):
                // nothing to judge, so nothing is refused; said once
                if (unsized.compareAndSet(false, true)) {
                    LOG.warn("the file system of the data folder {} ({}) reports no size: the free-space reserve cannot"
                            + " be kept there", folder, store.type());
                }
                return Long.MAX_VALUE;
            }
            return store.getUsableSpace();
        } catch (IOException e) {
            throw StorageErrors.io("cannot ask the file system of " + folder + " for its free space", e);
        }
    }

    @Override
    public long reserveBytes() {
        return reserve;
    }

    @Override
    public void require(long bytes, String what) throws FumsException {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes < 0");
        }
        long usable = usableBytes();
        boolean below = usable < reserve;
        noteLevel(below, usable);
        if (usable - bytes < reserve) {
            throw new FumsException(ErrorCode.STORAGE_FULL, what + " refused: it needs " + bytes + " bytes, the data folder "
                    + folder + " has " + usable + " bytes free and keeps " + reserve + " in reserve");
        }
    }

    /** True while the data folder is below its reserve (the health check's verdict); logs a change. */
    public boolean low() throws FumsException {
        long usable = usableBytes();
        boolean below = usable < reserve;
        noteLevel(below, usable);
        return below;
    }

    private void noteLevel(boolean below, long usable) {
        if (low.compareAndSet(!below, below)) {
            if (below) {
                LOG.warn("the data folder {} has {} bytes free, below its reserve of {}: new work is refused (STORAGE_FULL)"
                        + " until space returns", folder, usable, reserve);
            } else {
                LOG.info("the data folder {} has {} bytes free again (reserve {}): new work is accepted", folder, usable,
                        reserve);
            }
        }
    }

    @Override
    public String toString() {
        return "data folder space of " + folder + " (reserve " + reserve + " bytes)";
    }
}
