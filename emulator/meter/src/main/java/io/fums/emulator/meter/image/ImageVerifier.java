package io.fums.emulator.meter.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A meter's integrity and authenticity check of a received image (SM-4,
 * SM-11): size, format, device type, SHA-256, and the vendor's ECDSA P-256
 * signature against the keys the meter trusts. Streams the image from its
 * file, so memory does not grow with the image. Immutable, thread-safe.
 */
public final class ImageVerifier {

    private static final int CHUNK = 16 * 1024;
    private final List<PublicKey> trusted;

    /** A verifier that trusts exactly these vendor keys. */
    public ImageVerifier(List<PublicKey> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    /** The outcome: {@code header} and {@code sha256} are set when {@code ok}. */
    public record Result(boolean ok, String reason, ImageHeader header, byte[] sha256) {
        static Result failed(String reason) {
            return new Result(false, reason, null, null);
        }

        @Override
        public byte[] sha256() {
            return sha256 == null ? null : sha256.clone();
        }
    }

    /**
     * Verifies the image in {@code file}.
     *
     * @param expectedSize the size announced at image_transfer_initiate
     * @param deviceType   the meter's device type; an image for another type is refused
     */
    public Result verify(Path file, long expectedSize, String deviceType) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return verify(ch, expectedSize, deviceType);
        } catch (IOException e) {
            return Result.failed("image unreadable: " + e.getMessage());
        }
    }

    private Result verify(FileChannel ch, long expectedSize, String deviceType) throws IOException {
        long size = ch.size();
        if (size != expectedSize) {
            return Result.failed("image size " + size + " differs from the announced " + expectedSize);
        }
        if (size < ImageHeader.TRAILER_LENGTH + 8 + 16) {
            return Result.failed("image too short");
        }
        ByteBuffer trailer = read(ch, size - ImageHeader.TRAILER_LENGTH, ImageHeader.TRAILER_LENGTH);
        int sigLength = trailer.getShort() & 0xFFFF;
        byte[] magic = new byte[4];
        trailer.get(magic);
        if (!Arrays.equals(magic, ImageHeader.TRAILER_MAGIC) || sigLength < 8 || sigLength > 139) {
            return Result.failed("no signature trailer");
        }
        long bodyLength = size - ImageHeader.TRAILER_LENGTH - sigLength;
        if (bodyLength <= 0) {
            return Result.failed("signature longer than the image");
        }
        byte[] signature = read(ch, bodyLength, sigLength).array();
        ImageHeader header;
        long[] payloadLength = new long[1];
        try {
            int headLength = (int) Math.min(bodyLength, ImageHeader.maxEncodedLength());
            header = ImageHeader.decode(read(ch, 0, headLength).array(), payloadLength);
        } catch (ImageFormatException e) {
            return Result.failed(e.getMessage());
        }
        if (header.encodedLength() + payloadLength[0] != bodyLength) {
            return Result.failed("declared payload length does not match the image");
        }
        if (!header.deviceType().equals(deviceType)) {
            return Result.failed("image is for device type " + header.deviceType() + ", this meter is "
                    + deviceType);
        }
        return checkSignature(ch, size, bodyLength, signature, header);
    }

    private Result checkSignature(FileChannel ch, long size, long bodyLength, byte[] signature,
            ImageHeader header) throws IOException {
        try {
            List<Signature> checks = new ArrayList<>();
            for (PublicKey k : trusted) {
                Signature s = Signature.getInstance("SHA256withECDSA", VendorKeys.BC);
                s.initVerify(k);
                checks.add(s);
            }
            MessageDigest whole = MessageDigest.getInstance("SHA-256");
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            long pos = 0;
            while (pos < size) {
                buf.clear();
                int n = ch.read(buf, pos);
                if (n <= 0) {
                    return Result.failed("image truncated while reading");
                }
                buf.flip();
                int inBody = (int) Math.max(0, Math.min(n, bodyLength - pos));
                for (Signature s : checks) {
                    s.update(buf.array(), 0, inBody);
                }
                whole.update(buf.array(), 0, n);
                pos += n;
            }
            for (Signature s : checks) {
                if (verifies(s, signature)) {
                    return new Result(true, "ok", header, whole.digest());
                }
            }
            return Result.failed(trusted.isEmpty() ? "no trusted vendor key"
                    : "signature does not verify against a trusted vendor key");
        } catch (GeneralSecurityException e) {
            return Result.failed("signature check unavailable: " + e.getMessage());
        }
    }

    private static boolean verifies(Signature s, byte[] signature) {
        try {
            return s.verify(signature);
        } catch (java.security.SignatureException e) {
            return false; // malformed DER: not a valid signature
        }
    }

    private static ByteBuffer read(FileChannel ch, long pos, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw new IOException("unexpected end of image");
            }
        }
        return b.flip();
    }
}
