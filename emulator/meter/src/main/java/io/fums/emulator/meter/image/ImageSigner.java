package io.fums.emulator.meter.image;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.SplittableRandom;

/**
 * Makes signed FUMS meter firmware images (format: {@link ImageHeader}) for
 * the vendor tool, the demo and tests anywhere in the build. Stateless.
 *
 * <pre>
 * KeyPair vendor = VendorKeys.generate();
 * byte[] image = ImageSigner.build(new ImageHeader("2.0.0", "FUMS-EM-1", 0), 256 * 1024, 42, vendor.getPrivate());
 * </pre>
 */
public final class ImageSigner {

    private ImageSigner() {
    }

    /** The image of {@code payload} under {@code header}, signed with {@code key} (ECDSA P-256, SHA-256). */
    public static byte[] sign(ImageHeader header, byte[] payload, PrivateKey key) {
        byte[] head = header.encode(payload.length);
        byte[] signature = signature(key, head, payload);
        return assemble(head, payload, signature);
    }

    /**
     * An image of exactly {@code totalSize} octets whose payload is
     * pseudo-random from {@code seed} (same seed, same payload).
     *
     * @throws IllegalArgumentException if {@code totalSize} cannot hold the header and signature
     */
    public static byte[] build(ImageHeader header, int totalSize, long seed, PrivateKey key) {
        int overhead = header.encodedLength() + ImageHeader.TRAILER_LENGTH;
        int guess = 72;
        if (totalSize < overhead + guess) {
            throw new IllegalArgumentException("an image needs at least " + (overhead + guess) + " octets");
        }
        // A DER ECDSA signature is 70 to 72 octets: sign until its length fits the requested size.
        for (int attempt = 0; attempt < 256; attempt++) {
            byte[] payload = payload(totalSize - overhead - guess, seed);
            byte[] head = header.encode(payload.length);
            byte[] signature = signature(key, head, payload);
            if (signature.length == guess) {
                return assemble(head, payload, signature);
            }
            guess = signature.length;
        }
        throw new IllegalStateException("could not fit the signature into " + totalSize + " octets");
    }

    /** {@code length} pseudo-random octets from {@code seed}. */
    public static byte[] payload(int length, long seed) {
        byte[] b = new byte[length];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static byte[] signature(PrivateKey key, byte[] head, byte[] payload) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA", VendorKeys.BC);
            s.initSign(key);
            s.update(head);
            s.update(payload);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    private static byte[] assemble(byte[] head, byte[] payload, byte[] signature) {
        ByteBuffer b = ByteBuffer.allocate(head.length + payload.length + signature.length
                + ImageHeader.TRAILER_LENGTH);
        b.put(head).put(payload).put(signature).putShort((short) signature.length).put(ImageHeader.TRAILER_MAGIC);
        return b.array();
    }
}
