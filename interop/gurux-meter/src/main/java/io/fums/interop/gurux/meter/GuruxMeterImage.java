package io.fums.interop.gurux.meter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Random;

/**
 * The Gurux meter's firmware image: {@code "GXFW" || u8 n || version (n
 * octets, UTF-8) || payload || SHA-256 of everything before}. The meter
 * verifies the length, the magic and the hash; the version becomes its
 * active firmware identifier when the image is activated.
 *
 * @param version the firmware version inside
 * @param sha256  the image's trailing hash
 */
public record GuruxMeterImage(String version, byte[] sha256) {

    private static final byte[] MAGIC = "GXFW".getBytes(StandardCharsets.US_ASCII);
    private static final int HASH = 32;

    /** An image of {@code size} octets carrying {@code version}, its payload pseudo-random from {@code seed}. */
    public static byte[] build(String version, int size, long seed) {
        byte[] v = version.getBytes(StandardCharsets.UTF_8);
        int head = MAGIC.length + 1 + v.length;
        if (v.length > 255 || size < head + HASH) {
            throw new IllegalArgumentException("version too long or size too small: " + size);
        }
        byte[] image = new byte[size];
        ByteBuffer.wrap(image).put(MAGIC).put((byte) v.length).put(v);
        byte[] payload = new byte[size - head - HASH];
        new Random(seed).nextBytes(payload);
        System.arraycopy(payload, 0, image, head, payload.length);
        System.arraycopy(sha256(image, size - HASH), 0, image, size - HASH, HASH);
        return image;
    }

    /** The image's version and hash, or null if {@code image} is not a whole, intact image. */
    static GuruxMeterImage parse(byte[] image) {
        if (image.length < MAGIC.length + 1 + HASH
                || !Arrays.equals(image, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return null;
        }
        int n = image[MAGIC.length] & 0xFF;
        int head = MAGIC.length + 1 + n;
        if (head + HASH > image.length) {
            return null;
        }
        byte[] hash = sha256(image, image.length - HASH);
        if (!MessageDigest.isEqual(hash, Arrays.copyOfRange(image, image.length - HASH, image.length))) {
            return null;
        }
        return new GuruxMeterImage(new String(image, MAGIC.length + 1, n, StandardCharsets.UTF_8), hash);
    }

    private static byte[] sha256(byte[] b, int length) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(b, 0, length);
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
