package io.fums.crypto.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.PackageManifest;
import io.fums.crypto.PayloadInfo;
import io.fums.crypto.PayloadSink;
import io.fums.crypto.pkg.EntryStreamer;
import io.fums.crypto.pkg.PackageArchive;
import io.fums.crypto.pkg.ZipEntryInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Streams every payload of a package once: size, SHA-256 and CRC-32 checked,
 * bytes copied to an optional sink on the way. Payloads are never held in
 * memory. SHA-256 is the JDK's (SUN provider: it uses the CPU's SHA
 * instructions, several times faster than a pure Java digest).
 */
public final class PayloadCheck {

    private PayloadCheck() {
    }

    /**
     * Checks the payloads of {@code archive} against {@code m} (whose entries
     * were matched with {@link PackageArchive#matchPayloads}).
     *
     * @return per file, the SHA-256 computed
     * @throws FumsException {@code PKG_HASH_MISMATCH}, {@code PKG_SIZE_MISMATCH},
     *     {@code PKG_TOO_LARGE}, {@code PKG_MALFORMED}, {@code STORAGE_FAILED} (sink)
     */
    public static Map<String, String> check(PackageArchive archive, PackageManifest m, Optional<PayloadSink> sink)
            throws FumsException, IOException {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (int i = 0; i < m.payloads().size(); i++) {
            PayloadInfo p = m.payloads().get(i);
            ZipEntryInfo e = archive.payloadEntries().get(i);
            MessageDigest md = sha256();
            EntryStreamer.Result r;
            try (OutputStream out = open(sink, p)) {
                r = EntryStreamer.stream(archive.channel(), e, (b, off, len) -> {
                    md.update(b, off, len);
                    if (out != null) {
                        write(out, p, b, off, len);
                    }
                });
            } catch (IOException ex) {
                if (ex instanceof SinkFailure) {
                    throw new FumsException(ErrorCode.STORAGE_FAILED, "payload " + p.file() + ": cannot store: "
                            + ex.getCause(), ex.getCause());
                }
                throw ex;
            }
            String sha = Text.hex(md.digest());
            if (!sha.equals(p.sha256())) {
                throw new FumsException(ErrorCode.PKG_HASH_MISMATCH, "payload " + p.file() + " has SHA-256 " + sha
                        + ", the manifest declares " + p.sha256());
            }
            EntryStreamer.checkCrc(e, r);
            hashes.put(p.file(), sha);
        }
        return hashes;
    }

    /** A SHA-256 digest, from the JDK's SUN provider when present. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256", "SUN");
        } catch (NoSuchProviderException | NoSuchAlgorithmException e) {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e2) {
                throw new IllegalStateException("no SHA-256 in this JRE", e2);
            }
        }
    }

    private static OutputStream open(Optional<PayloadSink> sink, PayloadInfo p) throws SinkFailure {
        if (sink.isEmpty()) {
            return null;
        }
        try {
            OutputStream out = sink.get().open(p);
            if (out == null) {
                throw new IOException("sink returned no stream");
            }
            return new SinkStream(out);
        } catch (IOException e) {
            throw new SinkFailure(e);
        }
    }

    private static void write(OutputStream out, PayloadInfo p, byte[] b, int off, int len) throws FumsException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw new FumsException(ErrorCode.STORAGE_FAILED, "payload " + p.file() + ": cannot store: " + e, e);
        }
    }

    /** Marks I/O failures of the sink, as opposed to reading the package. */
    private static final class SinkFailure extends IOException {
        private static final long serialVersionUID = 1L;

        SinkFailure(IOException cause) {
            super(cause);
        }
    }

    /** Reports a failing close of the sink as a sink failure. */
    private static final class SinkStream extends java.io.FilterOutputStream {
        SinkStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (IOException e) {
                throw new SinkFailure(e);
            }
        }
    }
}
