package io.fums.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.store.ImageStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("UC-2")
@Tag("UC-3")
class FileImageStoreTest {

    private static final long MAX = 8L * 1024 * 1024;

    @TempDir
    Path dir;

    private FileImageStore store;

    @BeforeEach
    void open() throws FumsException {
        store = new FileImageStore(dir);
    }

    private static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return Hex.encode(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> s = Files.list(store.root())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    private static byte[] readAll(ImageStore s, String hash) throws Exception {
        try (InputStream in = s.open(hash).orElseThrow()) {
            return in.readAllBytes();
        }
    }

    private static void assertCode(Throwable t, ErrorCode code) {
        assertThat(t).isInstanceOf(FumsException.class);
        assertThat(((FumsException) t).code()).isEqualTo(code);
    }

    @Test
    void aGoodImageIsStoredUnderItsHashAndReadBack() throws Exception {
        byte[] content = bytes(300_000, 1);
        String hash = sha256(content);
        String stored = store.put(new ByteArrayInputStream(content), content.length, hash.toUpperCase(Locale.ROOT), MAX);
        assertThat(stored).isEqualTo(hash);
        assertThat(store.root().resolve(hash.substring(0, 2)).resolve(hash)).isRegularFile().hasBinaryContent(content);
        assertThat(store.contains(hash)).isTrue();
        assertThat(store.size(hash)).hasValue(content.length);
        assertThat(store.list()).containsExactly(hash);
        assertThat(readAll(store, hash)).isEqualTo(content);
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void sizeAndHashMayBeUnknownAndAPutIsIdempotent() throws Exception {
        byte[] content = bytes(10, 2);
        String first = store.put(new ByteArrayInputStream(content), ImageStore.UNKNOWN_SIZE, null, MAX);
        String second = store.put(new ByteArrayInputStream(content), ImageStore.UNKNOWN_SIZE, null, MAX);
        assertThat(first).isEqualTo(second).isEqualTo(sha256(content));
        assertThat(store.list()).containsExactly(first);
        String empty = store.put(InputStream.nullInputStream(), 0, null, MAX);
        assertThat(empty).isEqualTo(sha256(new byte[0]));
        assertThat(readAll(store, empty)).isEmpty();
    }

    @Test
    void aShortStreamIsASizeMismatchAndNothingIsStored() throws Exception {
        byte[] content = bytes(1000, 3);
        Throwable t = catchThrowable(
                () -> store.put(new ByteArrayInputStream(content), 1001, null, MAX));
        assertCode(t, ErrorCode.PKG_SIZE_MISMATCH);
        assertThat(t).hasMessageContaining("1000 bytes, expected 1001");
        assertThat(store.list()).isEmpty();
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void aStreamLongerThanDeclaredIsRefusedAsTooLarge() throws Exception {
        byte[] content = bytes(1000, 4);
        assertCode(catchThrowable(
                () -> store.put(new ByteArrayInputStream(content), 999, null, MAX)), ErrorCode.PKG_TOO_LARGE);
        assertThat(store.list()).isEmpty();
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void aHashMismatchIsRefusedAndNothingIsStored() throws Exception {
        byte[] content = bytes(5000, 5);
        String other = sha256(bytes(5000, 6));
        Throwable t = catchThrowable(
                () -> store.put(new ByteArrayInputStream(content), content.length, other, MAX));
        assertCode(t, ErrorCode.PKG_HASH_MISMATCH);
        assertThat(t).hasMessageContaining(sha256(content)).hasMessageContaining(other);
        assertThat(store.list()).isEmpty();
        assertThat(store.contains(other)).isFalse();
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void aDeclaredSizeOverTheLimitIsRefusedWithoutReading() throws Exception {
        CountingStream endless = new CountingStream(null);
        assertCode(catchThrowable(
                () -> store.put(endless, MAX + 1, null, MAX)), ErrorCode.PKG_TOO_LARGE);
        assertThat(endless.read).isZero();
    }

    /** A ZIP-bomb-like endless stream: zeros forever. Records the biggest temporary file seen while reading. */
    private static final class CountingStream extends InputStream {
        final Path watch;
        long read;
        long biggestTempFile;

        CountingStream(Path watch) {
            this.watch = watch;
        }

        @Override
        public int read() {
            read++;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (watch != null) {
                try (Stream<Path> s = Files.list(watch)) {
                    for (Path p : s.filter(x -> x.toString().endsWith(".tmp")).toList()) {
                        biggestTempFile = Math.max(biggestTempFile, Files.size(p));
                    }
                }
            }
            read += len;
            return len;
        }
    }

    @Test
    void anEndlessStreamIsCutOffAtTheLimit() throws Exception {
        long max = 1024 * 1024;
        CountingStream endless = new CountingStream(store.root());
        Throwable t = catchThrowable(
                () -> store.put(endless, ImageStore.UNKNOWN_SIZE, null, max));
        assertCode(t, ErrorCode.PKG_TOO_LARGE);
        assertThat(endless.read).isLessThanOrEqualTo(max + FileImageStore.BUFFER_SIZE);
        assertThat(endless.biggestTempFile).isLessThanOrEqualTo(max);
        assertThat(store.list()).isEmpty();
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void aCorruptedBlobIsDetectedOnOpenQuarantinedAndHealedByAFreshPut() throws Exception {
        byte[] content = bytes(200_000, 7);
        String hash = store.put(new ByteArrayInputStream(content), content.length, null, MAX);
        Path file = store.root().resolve(hash.substring(0, 2)).resolve(hash);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(123_456);
            int b = raf.read();
            raf.seek(123_456);
            raf.write(b ^ 0x01);
        }
        assertThat(store.contains(hash)).isTrue(); // not verified by contains
        Throwable t = catchThrowable(() -> store.open(hash));
        assertCode(t, ErrorCode.STORAGE_CORRUPT);
        assertThat(store.contains(hash)).isFalse();
        assertThat(store.open(hash)).isEmpty();
        try (Stream<Path> q = Files.list(dir.resolve("images/quarantine"))) {
            assertThat(q.toList()).hasSize(1);
        }

        store.put(new ByteArrayInputStream(content), content.length, hash, MAX);
        assertThat(readAll(store, hash)).isEqualTo(content);
    }

    @Test
    void aTruncatedBlobIsDetectedOnOpen() throws Exception {
        byte[] content = bytes(100_000, 8);
        String hash = store.put(new ByteArrayInputStream(content), content.length, null, MAX);
        Path file = store.root().resolve(hash.substring(0, 2)).resolve(hash);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(50_000);
        }
        assertCode(catchThrowable(() -> store.open(hash)), ErrorCode.STORAGE_CORRUPT);
        assertThat(store.list()).isEmpty();
    }

    @Test
    void partialTemporaryFilesAreDeletedAtStartup() throws Exception {
        byte[] content = bytes(1000, 9);
        String hash = store.put(new ByteArrayInputStream(content), content.length, null, MAX);
        Path partial = Files.write(store.root().resolve(".put-crashed.tmp"), bytes(4096, 10));
        Path unrelated = Files.writeString(store.root().resolve("README"), "not ours");

        FileImageStore restarted = new FileImageStore(dir);
        assertThat(partial).doesNotExist();
        assertThat(unrelated).exists();
        assertThat(restarted.list()).containsExactly(hash);
        assertThat(readAll(restarted, hash)).isEqualTo(content);
    }

    @Test
    void gcKeepsWhatIsAskedAndDeletesTheRest() throws Exception {
        String a = store.put(new ByteArrayInputStream(bytes(100, 11)), 100, null, MAX);
        String b = store.put(new ByteArrayInputStream(bytes(100, 12)), 100, null, MAX);
        String c = store.put(new ByteArrayInputStream(bytes(100, 13)), 100, null, MAX);
        Path leftover = Files.write(store.root().resolve(".put-leftover.tmp"), bytes(10, 14));

        assertThat(store.gc(Set.of(a, c.toUpperCase(Locale.ROOT)))).containsExactly(b);
        assertThat(store.list()).containsExactlyInAnyOrder(a, c);
        assertThat(store.contains(b)).isFalse();
        assertThat(leftover).doesNotExist();
        assertThat(store.gc(Set.of())).containsExactlyInAnyOrder(a, c);
        assertThat(store.list()).isEmpty();
        assertThatThrownBy(() -> store.gc(Set.of("not-a-hash"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void gcNeverDeletesTheTemporaryFileOfAPutInProgress() throws Exception {
        byte[] content = bytes(3 * FileImageStore.BUFFER_SIZE, 15);
        CountDownLatch firstChunkRead = new CountDownLatch(1);
        CountDownLatch gcDone = new CountDownLatch(1);
        InputStream slow = new InputStream() {
            private final InputStream delegate = new ByteArrayInputStream(content);
            private int calls;

            @Override
            public int read() throws IOException {
                return delegate.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (calls++ == 1) {
                    firstChunkRead.countDown();
                    try {
                        gcDone.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
                return delegate.read(b, off, len);
            }
        };
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> put = pool.submit(() -> store.put(slow, content.length, null, MAX));
            assertThat(firstChunkRead.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(tempFiles()).hasSize(1);
            store.gc(Set.of());
            assertThat(tempFiles()).hasSize(1);
            gcDone.countDown();
            assertThat(put.get(30, TimeUnit.SECONDS)).isEqualTo(sha256(content));
        } finally {
            pool.shutdownNow();
        }
        assertThat(readAll(store, sha256(content))).isEqualTo(content);
    }

    @Test
    void aStringThatIsNotADigestNeverReachesTheFileSystem() throws Exception {
        for (String bad : new String[] {"../../etc/passwd", "", "abc", "g".repeat(64), "a".repeat(65)}) {
            assertThatThrownBy(() -> store.open(bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.contains(bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.delete(bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.put(InputStream.nullInputStream(), 0, bad, MAX))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        String absent = "0".repeat(64);
        assertThat(store.open(absent)).isEmpty();
        assertThat(store.size(absent)).isEmpty();
        assertThat(store.delete(absent)).isFalse();
    }

    @Test
    void deleteRemovesABlob() throws Exception {
        String h = store.put(new ByteArrayInputStream(bytes(10, 16)), 10, null, MAX);
        assertThat(store.delete(h)).isTrue();
        assertThat(store.delete(h)).isFalse();
        assertThat(store.list()).isEmpty();
    }

    /** Deterministic pseudo-random bytes, generated on the fly: never held in memory as a whole. */
    private static final class GeneratedStream extends InputStream {
        private final Random random = new Random(64);
        private long remaining;

        GeneratedStream(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, b, off, n);
            remaining -= n;
            return n;
        }
    }

    @Test
    void a64MegabyteImageIsStreamedThroughWithoutHoldingItInMemory() throws Exception {
        long size = 64L * 1024 * 1024;
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[65536];
        try (InputStream gen = new GeneratedStream(size)) {
            int n;
            while ((n = gen.read(buf, 0, buf.length)) > 0) {
                md.update(buf, 0, n);
            }
        }
        String expected = Hex.encode(md.digest());
        String hash = store.put(new GeneratedStream(size), size, expected, size);
        assertThat(hash).isEqualTo(expected);
        assertThat(store.size(hash)).hasValue(size);
        MessageDigest back = MessageDigest.getInstance("SHA-256");
        long total = 0;
        try (InputStream in = store.open(hash).orElseThrow()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                back.update(buf, 0, n);
                total += n;
            }
        }
        assertThat(total).isEqualTo(size);
        assertThat(Hex.encode(back.digest())).isEqualTo(expected);
        assertThat(store.delete(hash)).isTrue();
    }
}
