package io.fums.dlms.transport;

import io.fums.dlms.hdlc.HdlcAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one end of an IEC 62056-46 HDLC connection.
 *
 * <p>For a client, {@code serverAddress} is the meter (upper = logical
 * device, lower = physical device) and {@code clientAddress} the client SAP;
 * the information field lengths and windows are what it proposes in SNRM.
 * For a server, {@code serverAddress} is its own address, {@code clientAddress}
 * is ignored (any client may connect) and the lengths and windows are its
 * capabilities; the negotiated values are the smaller of both sides'.
 *
 * @param serverAddress      the server's HDLC address
 * @param clientAddress      the client's one-byte address (client SAP); ignored by a server
 * @param maxInfoTransmit    largest information field this end sends, {@value #MIN_INFO}..{@value #MAX_INFO}
 * @param maxInfoReceive     largest information field this end receives, {@value #MIN_INFO}..{@value #MAX_INFO}
 * @param windowTransmit     frames this end sends before waiting for an acknowledgement, 1..7
 * @param windowReceive      frames this end accepts before acknowledging, 1..7
 * @param responseTimeout    client: how long to wait for the meter's next byte after a poll
 *                           before retransmitting (the standard's response time-out)
 * @param maxRetries         client: retransmissions of one poll before giving up, 0..100
 * @param interOctetTimeout  a partial frame is dropped after this long without a byte
 * @param inactivityTimeout  server: an idle connection is dropped after this long (the
 *                           standard's inactivity time-out; 120 s by default)
 * @param maxApduLength      largest reassembled APDU accepted, 64..1 MiB
 */
public record HdlcSettings(HdlcAddress serverAddress, HdlcAddress clientAddress, int maxInfoTransmit,
        int maxInfoReceive, int windowTransmit, int windowReceive, Duration responseTimeout, int maxRetries,
        Duration interOctetTimeout, Duration inactivityTimeout, int maxApduLength) {

    /** Smallest information field length accepted here. */
    public static final int MIN_INFO = 16;
    /** Largest information field length that fits the 11-bit frame length with 4-byte addresses. */
    public static final int MAX_INFO = 2030;
    /** Public client SAP. */
    public static final int PUBLIC_CLIENT = 0x10;
    /** Management logical device. */
    public static final int MANAGEMENT_LOGICAL_DEVICE = 1;

    /** Validates the ranges. */
    public HdlcSettings {
        Objects.requireNonNull(serverAddress, "serverAddress");
        if (clientAddress != null && clientAddress.size() != 1) {
            throw new IllegalArgumentException("a client address has one byte");
        }
        for (int v : new int[] {maxInfoTransmit, maxInfoReceive}) {
            if (v < MIN_INFO || v > MAX_INFO) {
                throw new IllegalArgumentException("maximum information field length must be " + MIN_INFO + ".."
                        + MAX_INFO + ": " + v);
            }
        }
        if (windowTransmit < 1 || windowTransmit > 7 || windowReceive < 1 || windowReceive > 7) {
            throw new IllegalArgumentException("window size must be 1..7");
        }
        requirePositive(responseTimeout, "responseTimeout");
        requirePositive(interOctetTimeout, "interOctetTimeout");
        requirePositive(inactivityTimeout, "inactivityTimeout");
        if (maxRetries < 0 || maxRetries > 100) {
            throw new IllegalArgumentException("maxRetries must be 0..100");
        }
        if (maxApduLength < 64 || maxApduLength > 1 << 20) {
            throw new IllegalArgumentException("maxApduLength must be 64..1048576");
        }
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }

    /**
     * A client of {@code clientSap} (e.g. {@link #PUBLIC_CLIENT}) to logical
     * device {@code logicalDevice} at physical address {@code physicalDevice}
     * (a 2-byte server address when both fit 7 bits, else 4 bytes). Proposes
     * the largest information fields and window 7 and lets the meter lower
     * them; 3 s response timeout, 3 retries, 1 s inter-octet timeout.
     */
    public static HdlcSettings client(int clientSap, int logicalDevice, int physicalDevice) {
        return new HdlcSettings(HdlcAddress.of(logicalDevice, physicalDevice), HdlcAddress.of(clientSap), MAX_INFO,
                MAX_INFO, 7, 7, Duration.ofSeconds(3), 3, Duration.ofSeconds(1), Duration.ofSeconds(120), 0xFFFF);
    }

    /** A server (meter) at {@code logicalDevice}/{@code physicalDevice}, offering the largest fields and window 7. */
    public static HdlcSettings server(int logicalDevice, int physicalDevice) {
        return new HdlcSettings(HdlcAddress.of(logicalDevice, physicalDevice), null, MAX_INFO, MAX_INFO, 7, 7,
                Duration.ofSeconds(3), 3, Duration.ofSeconds(1), Duration.ofSeconds(120), 0xFFFF);
    }

    /** With other information field lengths. */
    public HdlcSettings withMaxInfo(int transmit, int receive) {
        return new HdlcSettings(serverAddress, clientAddress, transmit, receive, windowTransmit, windowReceive,
                responseTimeout, maxRetries, interOctetTimeout, inactivityTimeout, maxApduLength);
    }

    /** With other window sizes. */
    public HdlcSettings withWindow(int transmit, int receive) {
        return new HdlcSettings(serverAddress, clientAddress, maxInfoTransmit, maxInfoReceive, transmit, receive,
                responseTimeout, maxRetries, interOctetTimeout, inactivityTimeout, maxApduLength);
    }

    /** With another response timeout and retry count. */
    public HdlcSettings withRetries(Duration timeout, int retries) {
        return new HdlcSettings(serverAddress, clientAddress, maxInfoTransmit, maxInfoReceive, windowTransmit,
                windowReceive, timeout, retries, interOctetTimeout, inactivityTimeout, maxApduLength);
    }

    /** With other inter-octet and inactivity timeouts. */
    public HdlcSettings withIdleTimeouts(Duration interOctet, Duration inactivity) {
        return new HdlcSettings(serverAddress, clientAddress, maxInfoTransmit, maxInfoReceive, windowTransmit,
                windowReceive, responseTimeout, maxRetries, interOctet, inactivity, maxApduLength);
    }
}
