package io.fums.dlms.link;

import io.fums.dlms.DlmsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link Link} over a TCP connection (JDK sockets, TCP_NODELAY). Reads use
 * the socket's read timeout; writes go to the kernel's send buffer and block
 * only while it is full.
 */
public final class TcpLink implements Link {

    private final Socket socket;
    private final String name;
    private final InputStream in;
    private final OutputStream out;
    private int currentTimeout = -1;
    private volatile boolean closed;

    private TcpLink(Socket socket, String name) throws IOException {
        this.socket = socket;
        this.name = name;
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to {@code host:port}.
     *
     * @throws DlmsException METER_UNREACHABLE if the connection cannot be made within {@code connectTimeout}
     */
    public static TcpLink connect(String host, int port, Duration connectTimeout) throws DlmsException {
        Objects.requireNonNull(host, "host");
        String name = "tcp " + host + ":" + port;
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                    connectTimeout.toMillis())));
            return new TcpLink(s, name);
        } catch (IOException e) {
            closeQuietly(s);
            throw DlmsException.unreachable(name, "cannot connect: " + e.getMessage(), e);
        }
    }

    /** Wraps a connected socket, e.g. one a server accepted. */
    public static TcpLink of(Socket socket) throws DlmsException {
        String name = "tcp " + socket.getRemoteSocketAddress();
        try {
            return new TcpLink(socket, name);
        } catch (IOException e) {
            closeQuietly(socket);
            throw DlmsException.unreachable(name, "cannot use the socket: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long timeoutMillis) throws DlmsException {
        if (closed) {
            return -1;
        }
        try {
            int t = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMillis));
            if (t != currentTimeout) {
                socket.setSoTimeout(t);
                currentTimeout = t;
            }
            int n = in.read(buffer, offset, length);
            if (n < 0) {
                closed = true;
            }
            return n;
        } catch (SocketTimeoutException e) {
            return 0;
        } catch (IOException e) {
            if (closed) {
                return -1;
            }
            throw DlmsException.unreachable(name, "read failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void write(byte[] data, int offset, int length) throws DlmsException {
        if (closed) {
            throw DlmsException.unreachable(name, "link is closed", null);
        }
        try {
            out.write(data, offset, length);
            out.flush();
        } catch (IOException e) {
            throw DlmsException.unreachable(name, "write failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isOpen() {
        return !closed && !socket.isClosed();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
