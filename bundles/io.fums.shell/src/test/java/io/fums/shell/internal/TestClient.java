package io.fums.shell.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A raw protocol client over the real socket: sends lines, reads framed replies (text and end line). */
final class TestClient implements AutoCloseable {

    /** A reply: its text (lines joined with \n) and its end line. */
    record Reply(String text, String end) {
    }

    private final SocketChannel ch;
    private final BufferedReader in;

    TestClient(Path socket) throws IOException {
        ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
    }

    static TestClient hello(Path socket, String user) throws IOException {
        TestClient c = new TestClient(socket);
        c.send("hello " + user);
        return c;
    }

    void send(String line) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** The next reply, or null when the server closed the session. */
    Reply reply() throws IOException {
        StringBuilder text = new StringBuilder();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                return null;
            }
            if (line.equals(".ok") || line.startsWith(".err")) {
                return new Reply(text.toString(), line);
            }
            text.append(line.startsWith("..") ? line.substring(1) : line).append('\n');
        }
    }

    Reply command(String line) throws IOException {
        send(line);
        return reply();
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
