package io.fums.link.serial;

import java.util.Locale;
import java.util.Objects;

/**
 * How to open a serial port.
 *
 * @param port               the device path, e.g. {@code /dev/ttyUSB0}, or a pty path/symlink from socat
 * @param baudRate           bits per second, 300..921600 (IEC 62056-21 mode E HDLC commonly 9600)
 * @param dataBits           5..8
 * @param parity             none, odd, even, mark or space
 * @param stopBits           1, 1.5 or 2
 * @param readTimeoutMillis  longest single wait inside the driver, 1..60000: a read with a longer
 *                           timeout waits in steps of this size, so close() is noticed within it
 * @param writeTimeoutMillis longest wait for the driver to take written bytes, 1..60000
 */
public record SerialSettings(String port, int baudRate, int dataBits, Parity parity, StopBits stopBits,
        int readTimeoutMillis, int writeTimeoutMillis) {

    /** Parity. */
    public enum Parity { NONE, ODD, EVEN, MARK, SPACE }

    /** Stop bits. */
    public enum StopBits { ONE, ONE_POINT_FIVE, TWO }

    /** Validates every field; the message names the field and the accepted values. */
    public SerialSettings {
        if (port == null || port.isBlank()) {
            throw new IllegalArgumentException("serial port: a device path is required");
        }
        if (baudRate < 300 || baudRate > 921_600) {
            throw new IllegalArgumentException("serial baud rate must be 300..921600: " + baudRate);
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException("serial data bits must be 5..8: " + dataBits);
        }
        Objects.requireNonNull(parity, "parity");
        Objects.requireNonNull(stopBits, "stopBits");
        if (readTimeoutMillis < 1 || readTimeoutMillis > 60_000 || writeTimeoutMillis < 1
                || writeTimeoutMillis > 60_000) {
            throw new IllegalArgumentException("serial timeouts must be 1..60000 ms");
        }
    }

    /** {@code port} at 9600 baud 8N1, 100 ms read step, 5 s write timeout. */
    public static SerialSettings of(String port) {
        return new SerialSettings(port, 9600, 8, Parity.NONE, StopBits.ONE, 100, 5_000);
    }

    /**
     * Parses configuration text: parity {@code none|odd|even|mark|space} (or
     * {@code N O E M S}), stop bits {@code 1|1.5|2}.
     *
     * @throws IllegalArgumentException naming the bad field
     */
    public static SerialSettings parse(String port, int baudRate, int dataBits, String parity, String stopBits,
            int readTimeoutMillis, int writeTimeoutMillis) {
        return new SerialSettings(port == null ? null : port.trim(), baudRate, dataBits, parity(parity),
                stopBits(stopBits), readTimeoutMillis, writeTimeoutMillis);
    }

    private static Parity parity(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        for (Parity p : Parity.values()) {
            if (p.name().equals(t) || p.name().substring(0, 1).equals(t)) {
                return p;
            }
        }
        throw new IllegalArgumentException("serial parity must be none, odd, even, mark or space: " + text);
    }

    private static StopBits stopBits(String text) {
        return switch (text == null ? "" : text.trim()) {
            case "1" -> StopBits.ONE;
            case "1.5" -> StopBits.ONE_POINT_FIVE;
            case "2" -> StopBits.TWO;
            default -> throw new IllegalArgumentException("serial stop bits must be 1, 1.5 or 2: " + text);
        };
    }

    /** E.g. {@code /dev/ttyUSB0 9600 8N1}. */
    @Override
    public String toString() {
        return port + " " + baudRate + " " + dataBits + parity.name().charAt(0)
                + (stopBits == StopBits.ONE ? "1" : stopBits == StopBits.TWO ? "2" : "1.5");
    }
}
