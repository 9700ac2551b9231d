package io.fums.link.serial;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import io.fums.dlms.DlmsException;
import io.fums.dlms.link.Link;

/**
 * A {@link Link} over a serial port through jSerialComm. The port is opened
 * by its path ({@code SerialPort.getCommPort}), which also works for socat
 * pseudo-terminals that jSerialComm does not list. Reads wait in
 * semi-blocking steps of at most {@link SerialSettings#readTimeoutMillis()};
 * writes block at most {@link SerialSettings#writeTimeoutMillis()}.
 */
public final class SerialLink implements Link {

    private final SerialPort port;
    private final SerialSettings settings;
    private final String name;
    private int currentReadTimeout = -1;
    private volatile boolean closed;

    private SerialLink(SerialPort port, SerialSettings settings) {
        this.port = port;
        this.settings = settings;
        this.name = "serial " + settings.port();
    }

    /**
     * Opens and configures the port.
     *
     * @throws DlmsException METER_UNREACHABLE if the port does not exist, is busy or refuses the settings
     */
    public static SerialLink open(SerialSettings settings) throws DlmsException {
        String name = "serial " + settings.port();
        SerialPort port;
        try {
            port = SerialPort.getCommPort(settings.port());
        } catch (SerialPortInvalidPortException e) {
            throw DlmsException.unreachable(name, "no such port: " + e.getMessage(), e);
        }
        port.setComPortParameters(settings.baudRate(), settings.dataBits(), stopBits(settings), parity(settings));
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                settings.readTimeoutMillis(), settings.writeTimeoutMillis());
        // on a pty openPort() succeeds while getLastErrorCode() reports ENOTTY: harmless (toolchain.md)
        if (!port.openPort()) {
            throw DlmsException.unreachable(name, "cannot open the port (error " + port.getLastErrorCode()
                    + "): absent, busy or not permitted", null);
        }
        SerialLink link = new SerialLink(port, settings);
        link.currentReadTimeout = settings.readTimeoutMillis();
        return link;
    }

    private static int stopBits(SerialSettings s) {
        return switch (s.stopBits()) {
            case ONE -> SerialPort.ONE_STOP_BIT;
            case ONE_POINT_FIVE -> SerialPort.ONE_POINT_FIVE_STOP_BITS;
            case TWO -> SerialPort.TWO_STOP_BITS;
        };
    }

    private static int parity(SerialSettings s) {
        return switch (s.parity()) {
            case NONE -> SerialPort.NO_PARITY;
            case ODD -> SerialPort.ODD_PARITY;
            case EVEN -> SerialPort.EVEN_PARITY;
            case MARK -> SerialPort.MARK_PARITY;
            case SPACE -> SerialPort.SPACE_PARITY;
        };
    }

    /** The settings the port was opened with. */
    public SerialSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long timeoutMillis) throws DlmsException {
        long deadline = System.nanoTime() + Math.max(0, timeoutMillis) * 1_000_000;
        while (true) {
            if (closed) {
                return -1;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            int step = (int) Math.max(1, Math.min(settings.readTimeoutMillis(), left));
            if (step != currentReadTimeout) {
                port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                        step, settings.writeTimeoutMillis());
                currentReadTimeout = step;
            }
            int n = port.readBytes(buffer, length, offset);
            if (n > 0) {
                return n;
            }
            if (n < 0) {
                if (closed || !port.isOpen()) {
                    return -1;
                }
                throw DlmsException.unreachable(name, "read failed (error " + port.getLastErrorCode() + ")", null);
            }
            if (left <= step) {
                return 0;
            }
        }
    }

    @Override
    public void write(byte[] data, int offset, int length) throws DlmsException {
        int done = 0;
        while (done < length) {
            if (closed) {
                throw DlmsException.unreachable(name, "link is closed", null);
            }
            int n = port.writeBytes(data, length - done, offset + done);
            if (n < 0) {
                throw DlmsException.unreachable(name, "write failed (error " + port.getLastErrorCode() + ")", null);
            }
            if (n == 0) {
                throw DlmsException.timeout(name, "port took no byte within " + settings.writeTimeoutMillis() + " ms");
            }
            done += n;
        }
    }

    @Override
    public boolean isOpen() {
        return !closed && port.isOpen();
    }

    @Override
    public void close() {
        closed = true;
        port.closePort();
    }

    @Override
    public String toString() {
        return name + " (" + settings + ")";
    }
}
