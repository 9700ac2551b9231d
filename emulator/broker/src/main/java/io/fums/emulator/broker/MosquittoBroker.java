package io.fums.emulator.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Mosquitto (the Debian package) on loopback for the interoperability tests:
 * started from a generated configuration, stopped with SIGTERM (it saves its
 * persistence then), started again on the same port and data.
 */
public final class MosquittoBroker implements AutoCloseable {

    private final Path binary;
    private final Path dir;
    private final int port;
    private final String extra;
    private Process process;

    /**
     * A broker whose one listener is TLS with the PKI's server certificate and a client certificate of its CA
     * required (no plain listener); clients use {@link #tlsUrl()}.
     */
    public static MosquittoBroker withTls(Path dir, BrokerPki pki) throws IOException {
        return new MosquittoBroker(dir, pki.mosquittoOptions());
    }

    /**
     * @param extra more configuration lines (TLS options go under the listener)
     */
    public MosquittoBroker(Path dir, String extra) throws IOException {
        this.binary = binary();
        this.dir = dir;
        this.port = freePort();
        this.extra = extra;
        Files.createDirectories(dir.resolve("data"));
    }

    /** The mosquitto binary: system property fums.mosquitto, else /usr/sbin/mosquitto. */
    public static Path binary() {
        return Path.of(System.getProperty("fums.mosquitto", "/usr/sbin/mosquitto"));
    }

    /** True if mosquitto is installed. */
    public static boolean available() {
        return Files.isExecutable(binary());
    }

    public int port() {
        return port;
    }

    public String url(String scheme) {
        return scheme + "://" + (scheme.equals("ssl") ? "localhost" : "127.0.0.1") + ":" + port;
    }

    /** {@code ssl://localhost:<port>}. */
    public String tlsUrl() {
        return url("ssl");
    }

    public MosquittoBroker start() throws IOException, InterruptedException {
        Path conf = dir.resolve("mosquitto.conf");
        String user = "root".equals(System.getProperty("user.name")) ? "user root\n" : "";
        Files.writeString(conf, user
                + "per_listener_settings false\n"
                + "persistence true\n"
                + "persistence_location " + dir.resolve("data") + "/\n"
                + "autosave_interval 1\n"
                + "log_dest stdout\n"
                + "allow_anonymous true\n"
                + "max_queued_messages 100000\n"
                + "listener " + port + " 127.0.0.1\n"
                + extra);
        process = new ProcessBuilder(binary.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("mosquitto.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 300);
                return this;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("mosquitto does not listen on " + port);
    }

    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
