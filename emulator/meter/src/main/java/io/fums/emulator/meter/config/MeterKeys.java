package io.fums.emulator.meter.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The default keys of the emulated meters (SEC-5: a meter whose population
 * entry says nothing about security runs HLS-GMAC with suite 0 ciphering):
 * each meter's global unicast encryption key and authentication key are
 * derived from a population seed, HMAC-SHA256(seed, "EK:" or "AK:" + meter
 * id), cut to 16 octets; its master key (KEK, for key_transfer) likewise
 * from "KEK:" + meter id. The meters of one shared medium share a global
 * broadcast encryption key, "BK:" + medium, and the authentication key
 * their broadcasts carry, "BAK:" + medium (a broadcast reaches all of them;
 * their unicast keys stay their own). The seed is 32 random octets kept in the state
 * directory ({@value #FILE}, owner-only, written atomically and forced to
 * disk), so restarts keep the keys and two populations never share them.
 */
public final class MeterKeys {

    /** The seed's file in the state directory. */
    public static final String FILE = "meter-keys.seed";

    private final byte[] seed;

    private MeterKeys(byte[] seed) {
        this.seed = seed.clone();
    }

    /** Keys from a fresh seed that is kept nowhere: for a plan that is not run. */
    public static MeterKeys ephemeral() {
        byte[] s = new byte[32];
        new SecureRandom().nextBytes(s);
        return new MeterKeys(s);
    }

    /**
     * The population's keys: the seed in {@code stateDir}, created on first use.
     *
     * @throws IOException if the seed cannot be read or written, or is not 64 hex digits
     */
    public static MeterKeys load(Path stateDir) throws IOException {
        Path file = stateDir.resolve(FILE);
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            try {
                byte[] s = HexFormat.of().parseHex(text);
                if (s.length == 32) {
                    return new MeterKeys(s);
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            throw new ConfigFileException(file + ": not a key seed (64 hex digits); delete it to make new meter keys");
        }
        byte[] s = new byte[32];
        new SecureRandom().nextBytes(s);
        Files.createDirectories(stateDir);
        Path tmp = stateDir.resolve(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (posix) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap((HexFormat.of().formatHex(s) + "\n").getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(stateDir, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // not every file system lets a directory be forced; the rename is then as durable as it gets
        }
        return new MeterKeys(s);
    }

    /** The meter's global unicast encryption key, 16 octets. */
    public byte[] encryptionKey(String meterId) {
        return derive("EK:" + meterId);
    }

    /** The meter's authentication key, 16 octets. */
    public byte[] authenticationKey(String meterId) {
        return derive("AK:" + meterId);
    }

    /** The authentication key of the broadcasts on shared medium {@code medium}, 16 octets. */
    public byte[] broadcastAuthenticationKey(String medium) {
        return derive("BAK:" + medium);
    }

    /** The global broadcast encryption key of shared medium {@code medium}, 16 octets. */
    public byte[] broadcastKey(String medium) {
        return derive("BK:" + medium);
    }

    /** The meter's factory master key (KEK) for key_transfer, 16 octets. */
    public byte[] masterKey(String meterId) {
        return derive("KEK:" + meterId);
    }

    /**
     * The private scalar of the meter's HLS-ECDSA (P-256) signing key: HMAC-SHA256(seed, "SK:" + meter id)
     * reduced into 1 .. n-1 (see {@link MeterCertificates#keyPair}).
     */
    public java.math.BigInteger ecdsaScalar(String meterId) {
        java.math.BigInteger n = MeterCertificates.order();
        return new java.math.BigInteger(1, mac("SK:" + meterId)).mod(n.subtract(java.math.BigInteger.ONE))
                .add(java.math.BigInteger.ONE);
    }

    private byte[] derive(String label) {
        return Arrays.copyOf(mac(label), 16);
    }

    private byte[] mac(String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(seed, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    @Override
    public String toString() {
        return "MeterKeys[seed hidden]";
    }
}
