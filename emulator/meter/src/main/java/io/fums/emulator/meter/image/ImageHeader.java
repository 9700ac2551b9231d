package io.fums.emulator.meter.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The header of a FUMS meter-firmware image: what the firmware is, for which
 * device type, and how it behaves once activated.
 *
 * <h2>Image format (version 1)</h2>
 * <pre>
 * image     = body || signature || u16 signatureLength || "FSIG"
 * body      = "FUMSFW1" 0x00        8 octets, magic
 *             u8 n, n octets          firmware version, UTF-8, 1..64 octets
 *             u8 n, n octets          device type, UTF-8, 1..64 octets
 *             u8 flags                bit 0: the firmware fails its self-check (test images)
 *             u32 payloadLength       big-endian
 *             payload                 the firmware itself
 * signature = ECDSA P-256 over SHA-256(body) (JCA SHA256withECDSA), DER, 8..139 octets
 * </pre>
 * The last 6 octets locate the signature, so a meter verifies an image in
 * one pass from its end: trailer, then header, then the signature over the
 * body, streamed. All integers are big-endian.
 *
 * <p>Version 2 (issue 15, firmware per component) names the component the
 * image is for: magic {@code "FUMSFW2" 0x00}, and after the device type a
 * {@code u8 n, n octets} component ({@code metrology} or
 * {@code communication}). An image for the core is always written as
 * version 1, so every image built before components existed is a core image.
 *
 * @param version    firmware version, reported as the component's active firmware identifier after activation
 * @param deviceType device type the image is built for; a meter of another type refuses it
 * @param flags      {@link #FLAG_SELF_CHECK_FAILS} or 0
 * @param component  the firmware component it replaces: {@link #CORE}, {@code metrology} or {@code communication}
 */
public record ImageHeader(String version, String deviceType, int flags, String component) {

    /** The core component: the only one of a version 1 image. */
    public static final String CORE = "core";
    /** The components an image may name. */
    public static final java.util.List<String> COMPONENTS = java.util.List.of(CORE, "metrology", "communication");

    /** The body's first 8 octets. */
    static final byte[] MAGIC = {'F', 'U', 'M', 'S', 'F', 'W', '1', 0};
    /** The body's first 8 octets of a version 2 image (one that names a component other than the core). */
    static final byte[] MAGIC_2 = {'F', 'U', 'M', 'S', 'F', 'W', '2', 0};
    /** The image's last 4 octets. */
    static final byte[] TRAILER_MAGIC = {'F', 'S', 'I', 'G'};
    /** Signature length (2) and trailer magic (4). */
    static final int TRAILER_LENGTH = 6;
    /** Longest accepted version or device type, octets. */
    static final int MAX_TEXT = 64;
    /** Flag: this firmware fails its self-check after activation (emulates a broken but signed build). */
    public static final int FLAG_SELF_CHECK_FAILS = 0x01;

    /** Validates the fields. */
    public ImageHeader {
        checkText(version, "version");
        checkText(deviceType, "device type");
        if (flags < 0 || flags > 0xFF) {
            throw new IllegalArgumentException("flags out of range: " + flags);
        }
        if (!COMPONENTS.contains(component)) {
            throw new IllegalArgumentException("component must be one of " + COMPONENTS + ": " + component);
        }
    }

    /** A core image (format version 1). */
    public ImageHeader(String version, String deviceType, int flags) {
        this(version, deviceType, flags, CORE);
    }

    /** Whether the image is for the core (format version 1). */
    public boolean core() {
        return CORE.equals(component);
    }

    /** Whether the firmware is built to fail its self-check. */
    public boolean failsSelfCheck() {
        return (flags & FLAG_SELF_CHECK_FAILS) != 0;
    }

    /** The header octets up to and including payloadLength. */
    byte[] encode(long payloadLength) {
        if (payloadLength < 0 || payloadLength > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("payload length out of range: " + payloadLength);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(core() ? MAGIC : MAGIC_2);
        writeText(out, version);
        writeText(out, deviceType);
        if (!core()) {
            writeText(out, component);
        }
        out.write(flags);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) payloadLength).array());
        return out.toByteArray();
    }

    /** The length of the encoded header. */
    int encodedLength() {
        return MAGIC.length + 2 + utf8(version).length + utf8(deviceType).length + 1 + 4
                + (core() ? 0 : 1 + utf8(component).length);
    }

    /**
     * Parses a header from the start of {@code b} (at least the header's
     * octets; more may follow).
     *
     * @return the header and, through {@code payloadLength[0]}, the declared payload length
     * @throws ImageFormatException if the octets are not a version 1 header
     */
    static ImageHeader decode(byte[] b, long[] payloadLength) throws ImageFormatException {
        ByteBuffer in = ByteBuffer.wrap(b);
        try {
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            boolean v2 = java.util.Arrays.equals(magic, MAGIC_2);
            if (!v2 && !java.util.Arrays.equals(magic, MAGIC)) {
                throw new ImageFormatException("not a FUMS meter firmware image (bad magic)");
            }
            String version = readText(in, "version");
            String deviceType = readText(in, "device type");
            String component = v2 ? readText(in, "component") : CORE;
            if (v2 && (CORE.equals(component) || !COMPONENTS.contains(component))) {
                throw new ImageFormatException("image header: unknown component");
            }
            int flags = in.get() & 0xFF;
            payloadLength[0] = in.getInt() & 0xFFFF_FFFFL;
            return new ImageHeader(version, deviceType, flags, component);
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new ImageFormatException("truncated or malformed image header");
        }
    }

    /** Upper bound of an encoded header, to size the read of a header. */
    static int maxEncodedLength() {
        return MAGIC.length + 3 + 3 * MAX_TEXT + 1 + 4;
    }

    private static void checkText(String s, String what) {
        int n = s == null ? 0 : utf8(s).length;
        if (n < 1 || n > MAX_TEXT) {
            throw new IllegalArgumentException(what + " must be 1.." + MAX_TEXT + " octets of UTF-8");
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void writeText(ByteArrayOutputStream out, String s) {
        byte[] b = utf8(s);
        out.write(b.length);
        out.writeBytes(b);
    }

    private static String readText(ByteBuffer in, String what) throws ImageFormatException {
        int n = in.get() & 0xFF;
        if (n < 1 || n > MAX_TEXT) {
            throw new ImageFormatException("image header: " + what + " length " + n + " out of range");
        }
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
