package io.fums.dlms.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

/**
 * Seeded mutations of valid encodings: bit flips, byte overwrites,
 * truncation, extension, length-field inflation, slice insertion, deletion
 * and duplication, nesting bombs, and wholly random input. Deterministic for
 * a given {@link Random}.
 */
final class Mutator {

    private static final byte[][] INFLATED_LENGTHS = {{(byte) 0x81, (byte) 0xFF}, {(byte) 0x82, (byte) 0xFF, (byte) 0xFF},
        {(byte) 0x84, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, {(byte) 0x84, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF}, {(byte) 0x83, 0x01, 0x00, 0x00}, {(byte) 0x80}, {(byte) 0x88, 1, 2, 3, 4, 5, 6, 7, 8},
        {0x7F}, {0x07, (byte) 0xFF}};

    private final Random random;

    Mutator(Random random) {
        this.random = random;
    }

    /** One to three mutations of {@code seed}. */
    byte[] mutate(byte[] seed) {
        byte[] b = seed;
        int rounds = 1 + random.nextInt(3);
        for (int i = 0; i < rounds; i++) {
            b = once(b);
        }
        return b;
    }

    private byte[] once(byte[] b) {
        int op = random.nextInt(11);
        if (b.length == 0 && op < 8) {
            op = 9;
        }
        switch (op) {
            case 0: { // bit flips
                byte[] c = b.clone();
                for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                    c[random.nextInt(c.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return c;
            }
            case 1: { // byte overwrites with interesting values
                byte[] c = b.clone();
                byte[] interesting = {0, 1, 0x7E, 0x7F, (byte) 0x80, (byte) 0x81, (byte) 0x82, (byte) 0x84, (byte) 0xFF};
                for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                    c[random.nextInt(c.length)] = random.nextBoolean() ? interesting[random.nextInt(interesting.length)]
                            : (byte) random.nextInt(256);
                }
                return c;
            }
            case 2: // truncation
                return Arrays.copyOf(b, random.nextInt(b.length));
            case 3: { // extension with random bytes
                byte[] c = Arrays.copyOf(b, b.length + 1 + random.nextInt(32));
                for (int i = b.length; i < c.length; i++) {
                    c[i] = (byte) random.nextInt(256);
                }
                return c;
            }
            case 4: { // length-field inflation: overwrite or insert a huge or odd length form
                byte[] len = INFLATED_LENGTHS[random.nextInt(INFLATED_LENGTHS.length)];
                int at = random.nextInt(b.length);
                return random.nextBoolean() ? splice(b, at, at + Math.min(len.length, b.length - at), len)
                        : splice(b, at, at, len);
            }
            case 5: { // insert random bytes
                byte[] ins = new byte[1 + random.nextInt(8)];
                random.nextBytes(ins);
                int at = random.nextInt(b.length + 1);
                return splice(b, at, at, ins);
            }
            case 6: { // delete a slice
                int from = random.nextInt(b.length);
                int to = from + 1 + random.nextInt(Math.min(16, b.length - from));
                return splice(b, from, to, new byte[0]);
            }
            case 7: { // duplicate a slice
                int from = random.nextInt(b.length);
                int to = from + 1 + random.nextInt(b.length - from);
                int at = random.nextInt(b.length + 1);
                return splice(b, at, at, Arrays.copyOfRange(b, from, to));
            }
            case 8: { // nesting bomb in front of, or inside, the input
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int depth = 1 + random.nextInt(random.nextBoolean() ? 40 : 5000);
                byte[] unit = random.nextBoolean() ? new byte[] {0x01, 0x01} : new byte[] {0x02, 0x01};
                for (int i = 0; i < depth; i++) {
                    out.writeBytes(unit);
                }
                int at = random.nextInt(b.length + 1);
                return splice(b, at, at, out.toByteArray());
            }
            case 9: { // wholly random
                byte[] c = new byte[random.nextInt(random.nextBoolean() ? 16 : 512)];
                random.nextBytes(c);
                return c;
            }
            default: { // random prefix, e.g. line noise before a frame
                byte[] noise = new byte[1 + random.nextInt(8)];
                random.nextBytes(noise);
                return splice(b, 0, 0, noise);
            }
        }
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        byte[] c = new byte[b.length - (to - from) + insert.length];
        System.arraycopy(b, 0, c, 0, from);
        System.arraycopy(insert, 0, c, from, insert.length);
        System.arraycopy(b, to, c, from + insert.length, b.length - to);
        return c;
    }
}
