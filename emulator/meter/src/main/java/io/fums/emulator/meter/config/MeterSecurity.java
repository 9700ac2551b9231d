package io.fums.emulator.meter.config;

import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.security.Authentication;
import io.fums.dlms.security.EcdsaKeys;
import io.fums.dlms.security.SecurityKeys;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.HexFormat;

/**
 * How a meter authenticates associations, as configured: the server session
 * turns it into its own settings. {@link #toString()} hides the secrets.
 *
 * @param authentication    "none", "low", "high-gmac" or "high-ecdsa" (security suite 1)
 * @param password          the LLS password (low), or null
 * @param encryptionKey     global unicast encryption key, 16 octets, or null
 * @param authenticationKey authentication key, 16 octets, or null
 * @param systemTitle       the meter's system title, 8 octets
 * @param ciphering         whether APDUs must be ciphered
 * @param signingKey        high-ecdsa: the meter's P-256 key pair (f(CtoS), its certificate); else null
 * @param clientKey         high-ecdsa: the client's (DCU's) P-256 public key, verifies f(StoC); else null
 * @param broadcastKey      the global broadcast encryption key (16 octets) of a ciphering meter: broadcasts ciphered
 *                          with it are applied; else null
 * @param broadcastAuthenticationKey the authentication key the broadcasts carry (16 octets: the one the meters of
 *                          the medium share), with {@code broadcastKey}; else null
 */
public record MeterSecurity(String authentication, byte[] password, byte[] encryptionKey, byte[] authenticationKey,
        byte[] systemTitle, boolean ciphering, KeyPair signingKey, PublicKey clientKey, byte[] broadcastKey,
        byte[] broadcastAuthenticationKey) {

    /** Validates. */
    public MeterSecurity {
        if (!"none".equals(authentication) && !"low".equals(authentication) && !"high-gmac".equals(authentication)
                && !"high-ecdsa".equals(authentication)) {
            throw new IllegalArgumentException("authentication must be none, low, high-gmac or high-ecdsa: "
                    + authentication);
        }
        if ("high-ecdsa".equals(authentication) != (signingKey != null && clientKey != null)) {
            throw new IllegalArgumentException("high-ecdsa, and only high-ecdsa, needs the meter's signing key and the"
                    + " client's public key (clientPublicKey)");
        }
        if ("low".equals(authentication) && (password == null || password.length == 0)) {
            throw new IllegalArgumentException("low level security needs a password");
        }
        if ((hls() || ciphering) && (length(encryptionKey) != 16 || length(authenticationKey) != 16)) {
            throw new IllegalArgumentException("high-gmac, high-ecdsa and ciphering need 16-octet encryption and "
                    + "authentication keys");
        }
        if (length(systemTitle) != 8) {
            throw new IllegalArgumentException("a system title has 8 octets");
        }
        if (broadcastKey != null && (length(broadcastKey) != 16 || !ciphering)
                || length(broadcastAuthenticationKey) != (broadcastKey == null ? 0 : 16)) {
            throw new IllegalArgumentException("a broadcast key and its authentication key have 16 octets and are for"
                    + " a ciphering meter");
        }
    }

    /** Without a broadcast key. */
    public MeterSecurity(String authentication, byte[] password, byte[] encryptionKey, byte[] authenticationKey,
            byte[] systemTitle, boolean ciphering, KeyPair signingKey, PublicKey clientKey) {
        this(authentication, password, encryptionKey, authenticationKey, systemTitle, ciphering, signingKey,
                clientKey, null, null);
    }

    /** Without HLS-ECDSA keys. */
    public MeterSecurity(String authentication, byte[] password, byte[] encryptionKey, byte[] authenticationKey,
            byte[] systemTitle, boolean ciphering) {
        this(authentication, password, encryptionKey, authenticationKey, systemTitle, ciphering, null, null);
    }

    /** No authentication, no ciphering. */
    public static MeterSecurity none(byte[] systemTitle) {
        return new MeterSecurity("none", null, null, null, systemTitle, false);
    }

    /** Whether associations use HLS (high-gmac or high-ecdsa). */
    public boolean hls() {
        return "high-gmac".equals(authentication) || "high-ecdsa".equals(authentication);
    }

    /** The authentication level. */
    public Authentication level() {
        return switch (authentication) {
            case "low" -> Authentication.LOW;
            case "high-gmac" -> Authentication.HIGH_GMAC;
            case "high-ecdsa" -> Authentication.HIGH_ECDSA;
            default -> Authentication.NONE;
        };
    }

    /**
     * What a client (the DCU, a test) associates with to reach this meter:
     * its authentication, keys and ciphering, with the client's own system
     * title {@code clientSystemTitle} (8 octets) where HLS or ciphering needs
     * one, and fresh invocation counters (set them with
     * {@link AssociationSettings#withCounters} to go on from an earlier association).
     */
    public AssociationSettings clientSettings(byte[] clientSystemTitle) {
        return clientSettings(clientSystemTitle, null);
    }

    /**
     * The same, for a high-ecdsa meter with the client's private key {@code clientSigningKey} (the half of
     * {@link #clientKey()}); ignored for other meters.
     */
    public AssociationSettings clientSettings(byte[] clientSystemTitle, PrivateKey clientSigningKey) {
        Authentication a = level();
        SecurityKeys keys = encryptionKey == null ? null : new SecurityKeys(encryptionKey, authenticationKey);
        AssociationSettings d = AssociationSettings.none();
        EcdsaKeys ecdsa = a == Authentication.HIGH_ECDSA ? new EcdsaKeys(clientSigningKey, signingKey.getPublic())
                : null;
        return new AssociationSettings(a, password, keys, keys == null ? null : clientSystemTitle, ciphering, false,
                null, d.conformance(), d.maxReceivePduSize(), d.responseTimeout(), d.maxValueLength(), ecdsa);
    }

    /** high-ecdsa: the meter's keys as its server session uses them; else null. */
    public EcdsaKeys serverEcdsaKeys() {
        return signingKey == null ? null : new EcdsaKeys(signingKey.getPrivate(), clientKey);
    }

    private static int length(byte[] b) {
        return b == null ? 0 : b.length;
    }

    static byte[] hex(String s, String what) {
        try {
            return s == null ? null : HexFormat.of().parseHex(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not hex");
        }
    }

    @Override
    public String toString() {
        return "MeterSecurity[" + authentication + (ciphering ? ", ciphered" : "") + ", system title "
                + HexFormat.of().formatHex(systemTitle) + "]";
    }
}
