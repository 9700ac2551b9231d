package io.fums.emulator.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves the package files of one folder over HTTP for DCUs to fetch, with
 * the JDK's HttpServer: GET and HEAD of {@code /<file name>}, and single
 * byte ranges ({@code Range: bytes=N-} or {@code bytes=N-M}) so that a DCU
 * resumes a broken download. Nothing outside the folder is served.
 */
public final class PackageServer implements AutoCloseable {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private final Path dir;
    private final String advertisedHost;
    private final HttpServer server;
    private final ExecutorService pool;

    /**
     * Starts serving.
     *
     * @param dir            the folder
     * @param bindHost       the address to listen on
     * @param port           the port (0: any free port)
     * @param advertisedHost the host name DCUs use in the URL
     */
    public PackageServer(Path dir, String bindHost, int port, String advertisedHost) throws IOException {
        this.dir = dir.toAbsolutePath().normalize();
        this.advertisedHost = advertisedHost;
        this.server = HttpServer.create(new InetSocketAddress(bindHost, port), 16);
        this.pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fums-console-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::serve);
        server.start();
    }

    /** The URL of a file of the folder. */
    public String url(String fileName) {
        return "http://" + advertisedHost + ":" + server.getAddress().getPort() + "/" + fileName;
    }

    /** The port listened on. */
    public int port() {
        return server.getAddress().getPort();
    }

    private void serve(HttpExchange x) throws IOException {
        try (x) {
            String method = x.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                x.sendResponseHeaders(405, -1);
                return;
            }
            String name = x.getRequestURI().getPath().substring(1);
            Path file = dir.resolve(name).normalize();
            if (!NAME.matcher(name).matches() || !file.getParent().equals(dir) || !Files.isRegularFile(file)) {
                x.sendResponseHeaders(404, -1);
                return;
            }
            long size = Files.size(file);
            long from = 0;
            long to = size - 1;
            int status = 200;
            String range = x.getRequestHeaders().getFirst("Range");
            if (range != null) {
                Matcher m = RANGE.matcher(range.trim());
                if (!m.matches() || Long.parseLong(m.group(1)) >= size) {
                    x.getResponseHeaders().set("Content-Range", "bytes */" + size);
                    x.sendResponseHeaders(416, -1);
                    return;
                }
                from = Long.parseLong(m.group(1));
                to = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
                if (to < from) {
                    x.getResponseHeaders().set("Content-Range", "bytes */" + size);
                    x.sendResponseHeaders(416, -1);
                    return;
                }
                status = 206;
                x.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + size);
            }
            long length = to - from + 1;
            x.getResponseHeaders().set("Accept-Ranges", "bytes");
            x.getResponseHeaders().set("Content-Type", "application/zip");
            if (method.equals("HEAD")) {
                x.getResponseHeaders().set("Content-Length", Long.toString(length));
                x.sendResponseHeaders(status, -1);
                return;
            }
            x.sendResponseHeaders(status, length);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                 InputStream in = Channels.newInputStream(ch.position(from));
                 OutputStream out = x.getResponseBody()) {
                byte[] buf = new byte[64 * 1024];
                long left = length;
                while (left > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        break;
                    }
                    out.write(buf, 0, n);
                    left -= n;
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
