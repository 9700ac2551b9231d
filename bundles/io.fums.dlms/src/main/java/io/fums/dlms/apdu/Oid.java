package io.fums.dlms.apdu;

import io.fums.dlms.DlmsCodecException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An ASN.1 OBJECT IDENTIFIER as used by ACSE for application context and
 * mechanism names, kept as its BER content octets (X.690 8.19).
 */
public final class Oid {

    private final byte[] content;

    private Oid(byte[] content) {
        this.content = content;
    }

    /**
     * Parses dotted form, e.g. {@code "2.16.756.5.8.1.1"}.
     *
     * @throws IllegalArgumentException if it is not an object identifier
     */
    public static Oid parse(String dotted) {
        String[] parts = dotted.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("an OID has at least two arcs: " + dotted);
        }
        long[] arcs = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            arcs[i] = Long.parseLong(parts[i]);
            if (arcs[i] < 0) {
                throw new IllegalArgumentException("negative arc in " + dotted);
            }
        }
        if (arcs[0] > 2 || arcs[0] < 2 && arcs[1] > 39 || arcs[1] > Long.MAX_VALUE - 80) {
            throw new IllegalArgumentException("invalid first arcs in " + dotted);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeSubidentifier(out, arcs[0] * 40 + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            writeSubidentifier(out, arcs[i]);
        }
        return new Oid(out.toByteArray());
    }

    private static void writeSubidentifier(ByteArrayOutputStream out, long v) {
        int groups = 1;
        for (long t = v >>> 7; t != 0; t >>>= 7) {
            groups++;
        }
        for (int g = groups - 1; g >= 0; g--) {
            int b = (int) ((v >>> (7 * g)) & 0x7F);
            out.write(g == 0 ? b : b | 0x80);
        }
    }

    /** From BER content octets, checking that every subidentifier is complete and minimal. */
    public static Oid fromContent(byte[] content) throws DlmsCodecException {
        decodeArcs(content);
        return new Oid(content.clone());
    }

    /** The BER content octets (without tag and length). */
    public byte[] content() {
        return content.clone();
    }

    private static List<Long> decodeArcs(byte[] c) throws DlmsCodecException {
        if (c.length == 0) {
            throw new DlmsCodecException("empty object identifier");
        }
        List<Long> subs = new ArrayList<>();
        long v = 0;
        int groups = 0;
        for (int i = 0; i < c.length; i++) {
            int b = c[i] & 0xFF;
            if (groups == 0 && b == 0x80) {
                throw new DlmsCodecException("object identifier subidentifier is not minimal");
            }
            if (++groups > 8) {
                throw new DlmsCodecException("object identifier subidentifier too large");
            }
            v = (v << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) {
                subs.add(v);
                v = 0;
                groups = 0;
            }
        }
        if (groups != 0) {
            throw new DlmsCodecException("object identifier ends inside a subidentifier");
        }
        List<Long> arcs = new ArrayList<>(subs.size() + 1);
        long first = subs.get(0);
        arcs.add(first < 40 ? 0L : first < 80 ? 1L : 2L);
        arcs.add(first < 80 ? first % 40 : first - 80);
        arcs.addAll(subs.subList(1, subs.size()));
        return arcs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Oid other && Arrays.equals(other.content, content);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(content);
    }

    /** Dotted form. */
    @Override
    public String toString() {
        try {
            StringBuilder sb = new StringBuilder();
            for (long arc : decodeArcs(content)) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(arc);
            }
            return sb.toString();
        } catch (DlmsCodecException e) {
            throw new IllegalStateException(e); // content was validated on construction
        }
    }
}
