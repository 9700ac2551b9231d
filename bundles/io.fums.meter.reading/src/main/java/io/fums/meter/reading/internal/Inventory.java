package io.fums.meter.reading.internal;

import io.fums.api.device.DeviceType;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.security.Authentication;
import io.fums.dlms.security.EcdsaKeys;
import io.fums.dlms.security.InvocationCounters;
import io.fums.dlms.security.SecurityKeys;
import io.fums.dlms.transport.HdlcSettings;
import io.fums.meter.access.MeterInfo;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated inventory: the declared serial links and the meters, in file
 * order. Immutable. Made by {@link InventoryParser}.
 */
record Inventory(List<LinkSpec> links, List<MeterEntry> meters, Map<String, MeterEntry> byId) {

    /** No links, no meters. */
    static final Inventory EMPTY = of(List.of(), List.of());

    static Inventory of(List<LinkSpec> links, List<MeterEntry> meters) {
        Map<String, MeterEntry> byId = new LinkedHashMap<>();
        meters.forEach(m -> byId.put(m.id(), m));
        return new Inventory(List.copyOf(links), List.copyOf(meters), Map.copyOf(byId));
    }

    Optional<MeterEntry> meter(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /** A serial link the meters may refer to; {@code port} is informational (the link.serial configuration opens it). */
    record LinkSpec(String id, String type, String port) {
    }

    /** One meter. */
    record MeterEntry(String id, DeviceType deviceType, Endpoint endpoint, SecuritySpec security) {

        String linkId() {
            return endpoint.linkId();
        }

        /** The same meter, its plaintext keys dropped (once they are in the key store). */
        MeterEntry withoutKeys() {
            return new MeterEntry(id, deviceType, endpoint, security.withoutKeys());
        }

        MeterInfo info() {
            return new MeterInfo(id, deviceType, endpoint.linkId(), endpoint.address(), security.label());
        }
    }

    /** How a meter is reached. */
    sealed interface Endpoint permits TcpEndpoint, HdlcEndpoint {
        /** The scheduling unit: a serial link's name, or {@code tcp:HOST:PORT}. */
        String linkId();

        /** For people. */
        String address();

        /** The client SAP (wrapper source wPort, HDLC client address). */
        int clientSap();

        /** The meter's logical device (wrapper destination wPort, HDLC upper address). */
        int logicalDevice();
    }

    /** IEC 62056-47 TCP wrapper to {@code host:port}. */
    record TcpEndpoint(String host, int port, int clientSap, int logicalDevice) implements Endpoint {
        @Override
        public String linkId() {
            return "tcp:" + hostPort();
        }

        @Override
        public String address() {
            return "tcp " + hostPort();
        }

        String hostPort() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * HDLC at physical address {@code hdlcAddress} on the serial link {@code link}.
     *
     * @param window          the transmit and receive window the DCU proposes in SNRM, 1..7
     * @param maxInfoField    the largest information field the DCU proposes (both directions),
     *                        {@value HdlcSettings#MIN_INFO}..{@value HdlcSettings#MAX_INFO}
     * @param responseTimeout how long the DCU waits for the meter's frame before it retransmits
     */
    record HdlcEndpoint(String link, int hdlcAddress, int clientSap, int logicalDevice, int window, int maxInfoField,
            Duration responseTimeout) implements Endpoint {

        /** The window proposed when the inventory says none: the HDLC client's default. */
        static final int DEFAULT_WINDOW = HdlcSettings.client(HdlcSettings.PUBLIC_CLIENT, 1, 0x10).windowTransmit();
        /** The information field proposed when the inventory says none: the HDLC client's default. */
        static final int DEFAULT_MAX_INFO = HdlcSettings.client(HdlcSettings.PUBLIC_CLIENT, 1, 0x10).maxInfoTransmit();
        /** The response timeout when the inventory says none: the HDLC client's default. */
        static final Duration DEFAULT_RESPONSE_TIMEOUT =
                HdlcSettings.client(HdlcSettings.PUBLIC_CLIENT, 1, 0x10).responseTimeout();

        /** With the default window, information field and response timeout. */
        HdlcEndpoint(String link, int hdlcAddress, int clientSap, int logicalDevice) {
            this(link, hdlcAddress, clientSap, logicalDevice, DEFAULT_WINDOW, DEFAULT_MAX_INFO,
                    DEFAULT_RESPONSE_TIMEOUT);
        }

        /** The client settings of an HDLC connection to this meter. */
        HdlcSettings settings() {
            HdlcSettings d = HdlcSettings.client(clientSap, logicalDevice, hdlcAddress);
            return d.withMaxInfo(maxInfoField, maxInfoField).withWindow(window, window)
                    .withRetries(responseTimeout, d.maxRetries());
        }

        @Override
        public String linkId() {
            return link;
        }

        @Override
        public String address() {
            return "hdlc " + link + " @0x" + Integer.toHexString(hdlcAddress);
        }
    }

    /**
     * A meter's association security, mapped onto {@link AssociationSettings}.
     * {@link #toString()} shows no secret.
     *
     * @param keys        plaintext keys written in the inventory file, to import into the key store (then
     *                    dropped); null when the inventory refers to the store ({@code "keyRef": "store"})
     * @param systemTitle the DCU's (client's) system title for this meter, 8 octets, or null
     * @param certificate for high-ecdsa: the meter's certificate (its P-256 key verifies the meter); else null
     */
    record SecuritySpec(Authentication authentication, byte[] password, SecurityKeys keys, byte[] systemTitle,
            boolean ciphering, MeterCertificateRef certificate) {

        static final SecuritySpec NONE = new SecuritySpec(Authentication.NONE, null, null, null, false, null);

        SecuritySpec(Authentication authentication, byte[] password, SecurityKeys keys, byte[] systemTitle,
                boolean ciphering) {
            this(authentication, password, keys, systemTitle, ciphering, null);
        }

        /**
         * For people and the cloud: {@code none}, {@code low}, {@code high-gmac}
         * or {@code high-ecdsa}, with {@code +suite0} ({@code +suite1} for
         * high-ecdsa) when ciphered.
         */
        String label() {
            String a = switch (authentication) {
                case NONE -> "none";
                case LOW -> "low";
                case HIGH_ECDSA -> "high-ecdsa";
                default -> "high-gmac";
            };
            return ciphering ? a + "+suite" + authentication.securitySuite() : a;
        }

        /** Weaker than HLS-GMAC with suite 0 or HLS-ECDSA with suite 1, ciphered (SEC-5): allowed, but reported. */
        boolean insecure() {
            return !authentication.hls() || !ciphering;
        }

        /** Whether associations take invocation counters (which must then be kept durably). */
        boolean usesCounters() {
            return ciphering || authentication.hls();
        }

        /** The same, without plaintext keys. */
        SecuritySpec withoutKeys() {
            return new SecuritySpec(authentication, password, null, systemTitle, ciphering, certificate);
        }

        /** The association settings of a meter that is not high-ecdsa (no client signing key needed). */
        AssociationSettings settings(InvocationCounters counters, Duration responseTimeout, SecurityKeys storedKeys) {
            return settings(counters, responseTimeout, storedKeys, null);
        }

        /**
         * The association settings, with the meter's keys (from the key store), counters and response timeout;
         * for high-ecdsa also the DCU's client signing key.
         *
         * @throws IllegalStateException high-ecdsa without a client signing key
         */
        AssociationSettings settings(InvocationCounters counters, Duration responseTimeout, SecurityKeys storedKeys,
                ECPrivateKey clientKey) {
            AssociationSettings d = AssociationSettings.none();
            EcdsaKeys ecdsa = null;
            if (authentication == Authentication.HIGH_ECDSA) {
                if (clientKey == null) {
                    throw new IllegalStateException("no DLMS client signing key");
                }
                ecdsa = new EcdsaKeys(clientKey, certificate.publicKey());
            }
            return new AssociationSettings(authentication, password, storedKeys, systemTitle, ciphering, false, counters,
                    d.conformance(), d.maxReceivePduSize(), responseTimeout, d.maxValueLength(), ecdsa);
        }

        @Override
        public String toString() {
            return "SecuritySpec[" + authentication + (ciphering ? ", ciphered" : "") + "]";
        }
    }

    /**
     * A meter's certificate as the inventory names it: the file, and the P-256 key read from it.
     *
     * @param file        the file, as resolved
     * @param publicKey   its key
     * @param fingerprint SHA-256 of the DER certificate, hex
     * @param read        the certificate as read (serial number, validity dates), or null before it is read
     */
    record MeterCertificateRef(String file, ECPublicKey publicKey, String fingerprint,
            io.fums.crypto.DlmsKeys.MeterCertificate read) {

        MeterCertificateRef(String file, ECPublicKey publicKey, String fingerprint) {
            this(file, publicKey, fingerprint, null);
        }
    }
}
