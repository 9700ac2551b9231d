package io.fums.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A swap's own files written on a full disk (issue 16): the failure says {@code STORAGE_FULL}, as every other
 * writer of the DCU does, not a generic {@code STORAGE_FAILED}. The full disk is the kernel's {@code /dev/full},
 * whose every write fails with ENOSPC.
 */
@Tag("UMS-2")
@Tag("ARC-4")
class SwapStorageFailureTest {

    @Test
    void aWriteOnAFullDiskIsStorageFullAndAnyOtherIoFailureStorageFailed() {
        IOException full = writeToDevFull();
        FumsException e = SwapTransaction.storageFailure("writing the swap journal failed", full);
        assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FULL);
        assertThat(e.getMessage()).isEqualTo("writing the swap journal failed: " + full.getMessage());
        assertThat(SwapTransaction.storageFailure("clearing the swap journal failed", new IOException("Input/output error"))
                .code()).isEqualTo(ErrorCode.STORAGE_FAILED);
    }

    private static IOException writeToDevFull() {
        Path dev = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.isWritable(dev), "no /dev/full here");
        try (OutputStream out = Files.newOutputStream(dev)) {
            out.write(new byte[4096]);
            out.flush();
        } catch (IOException e) {
            return e;
        }
        throw new AssertionError("a write to /dev/full succeeded");
    }
}
