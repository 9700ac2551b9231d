package io.fums.emulator.broker;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * An MQTT 5 broker for the demo, the console and the tests: HiveMQ Community
 * Edition embedded, listening on loopback, anonymous usage statistics off.
 * Persistence is in memory by default; {@link Builder#persistent(Path)} keeps
 * sessions, queued and retained messages in a folder across a stop and start
 * (the outage tests restart the broker).
 *
 * <p>Optionally a TLS listener ({@link Builder#tls(BrokerPki)}: server
 * certificate and client certificates REQUIRED from a {@link BrokerPki}; or
 * {@link Builder#tls(TlsListener)} with PKCS#12 stores of your own). A broker
 * with a TLS listener has no plain listener unless {@link Builder#plainListener}
 * says so: then {@link #url()} throws and clients use {@link #tlsUrl()}.
 *
 * <p>Flat classpath only (HiveMQ is never run inside the DCU's Felix).
 * Not thread-safe: one owner starts and stops it.
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** A TLS listener: PKCS#12 stores, and whether a client certificate is required. */
    public record TlsListener(int port, Path keyStore, String keyStorePassword, Path trustStore,
                              String trustStorePassword, boolean requireClientCertificate) {
        public TlsListener {
            Objects.requireNonNull(keyStore, "keyStore");
            Objects.requireNonNull(keyStorePassword, "keyStorePassword");
        }
    }

    private final String bindAddress;
    private final boolean plain;
    private final int port;
    private final TlsListener tls;
    private final Path dataDir;
    private final boolean persistent;
    private final Path home;
    private EmbeddedHiveMQ hivemq;

    private EmbeddedBroker(Builder b) {
        this.bindAddress = b.bindAddress;
        this.plain = b.tls == null || b.plainListener;
        this.port = !plain ? -1 : b.port == 0 ? freePort() : b.port;
        TlsListener t = b.tls;
        this.tls = t == null || t.port() != 0 ? t : new TlsListener(freePort(), t.keyStore(), t.keyStorePassword(),
                t.trustStore(), t.trustStorePassword(), t.requireClientCertificate());
        this.persistent = b.dataDir != null;
        try {
            this.home = Files.createTempDirectory("fums-broker-");
            this.dataDir = b.dataDir != null ? b.dataDir : home.resolve("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A builder: loopback, a free port, in-memory persistence, no TLS. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the broker and waits until its listeners accept connections.
     *
     * @return this
     * @throws IllegalStateException if it does not start within 60 s
     */
    public EmbeddedBroker start() {
        if (hivemq != null) {
            return this;
        }
        try {
            Path conf = home.resolve("conf");
            Path ext = home.resolve("extensions");
            Files.createDirectories(conf);
            Files.createDirectories(ext);
            Files.createDirectories(dataDir);
            Files.writeString(conf.resolve("config.xml"), configXml(), StandardCharsets.UTF_8);
            hivemq = EmbeddedHiveMQ.builder().withConfigurationFolder(conf).withDataFolder(dataDir)
                    .withExtensionsFolder(ext).withoutLoggingBootstrap().build();
            hivemq.start().get(60, TimeUnit.SECONDS);
            if (plain) {
                awaitPort(port, Duration.ofSeconds(10));
            }
            if (tls != null) {
                awaitPort(tls.port(), Duration.ofSeconds(10));
            }
            return this;
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the embedded broker did not start: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the broker", e);
        }
    }

    /** Stops the broker (clients are disconnected); {@link #start()} starts it again on the same ports. */
    public void stop() {
        if (hivemq == null) {
            return;
        }
        try {
            hivemq.stop().get(60, TimeUnit.SECONDS);
            hivemq.close();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the embedded broker did not stop: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            hivemq = null;
        }
    }

    /** True while started. */
    public boolean isRunning() {
        return hivemq != null;
    }

    /** The plain listener's port; -1 without one. */
    public int port() {
        return port;
    }

    /**
     * {@code tcp://<bind address>:<port>} of the plain listener.
     *
     * @throws IllegalStateException if the broker has none (a TLS broker without {@code plainListener(true)})
     */
    public String url() {
        if (!plain) {
            throw new IllegalStateException("this broker has no plain tcp:// listener: use tlsUrl()");
        }
        return "tcp://" + bindAddress + ":" + port;
    }

    /** True if the broker has a plain tcp:// listener. */
    public boolean hasPlainListener() {
        return plain;
    }

    /** The TLS listener's port; -1 without one. */
    public int tlsPort() {
        return tls == null ? -1 : tls.port();
    }

    /** {@code ssl://localhost:<tls port>}, or null without a TLS listener. */
    public String tlsUrl() {
        return tls == null ? null : "ssl://localhost:" + tls.port();
    }

    /** Stops the broker and deletes its working folder (not a persistent data folder given by the caller). */
    @Override
    public void close() {
        stop();
        deleteTree(home);
    }

    String configXml() {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\"?>\n<hivemq>\n  <listeners>\n");
        if (plain) {
            x.append("    <tcp-listener>\n      <port>").append(port).append("</port>\n      <bind-address>")
                    .append(bindAddress).append("</bind-address>\n    </tcp-listener>\n");
        }
        if (tls != null) {
            x.append("    <tls-tcp-listener>\n      <port>").append(tls.port()).append("</port>\n")
                    .append("      <bind-address>").append(bindAddress).append("</bind-address>\n")
                    .append("      <tls>\n        <keystore>\n          <path>").append(tls.keyStore().toAbsolutePath())
                    .append("</path>\n          <password>").append(xml(tls.keyStorePassword()))
                    .append("</password>\n          <private-key-password>").append(xml(tls.keyStorePassword()))
                    .append("</private-key-password>\n        </keystore>\n");
            if (tls.trustStore() != null) {
                x.append("        <truststore>\n          <path>").append(tls.trustStore().toAbsolutePath())
                        .append("</path>\n          <password>").append(xml(tls.trustStorePassword()))
                        .append("</password>\n        </truststore>\n");
            }
            x.append("        <client-authentication-mode>")
                    .append(tls.requireClientCertificate() ? "REQUIRED" : "NONE")
                    .append("</client-authentication-mode>\n      </tls>\n    </tls-tcp-listener>\n");
        }
        x.append("  </listeners>\n");
        x.append("  <persistence>\n    <mode>").append(persistent ? "file" : "in-memory").append("</mode>\n  </persistence>\n");
        x.append("  <anonymous-usage-statistics>\n    <enabled>false</enabled>\n  </anonymous-usage-statistics>\n");
        x.append("</hivemq>\n");
        return x.toString();
    }

    private static String xml(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitPort(int p, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(bindAddress, p), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("broker port " + p + " does not accept connections");
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a temporary folder
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** Builds an {@link EmbeddedBroker}. */
    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private int port;
        private TlsListener tls;
        private boolean plainListener;
        private Path dataDir;

        private Builder() {
        }

        /** The plain TCP port; 0 (default) picks a free one. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** The address to listen on (default 127.0.0.1). */
        public Builder bindAddress(String value) {
            this.bindAddress = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Adds a TLS listener (port 0 picks a free one). Without {@link #plainListener(boolean) plainListener(true)}
         * the broker then has no plain listener.
         */
        public Builder tls(TlsListener value) {
            this.tls = value;
            return this;
        }

        /**
         * Adds a TLS listener on a free port with the PKI's server certificate that requires a client
         * certificate of the PKI's CA ({@link BrokerPki#listener}); no plain listener unless
         * {@link #plainListener(boolean) plainListener(true)}.
         */
        public Builder tls(BrokerPki pki) {
            return tls(pki.listener(0));
        }

        /**
         * With a TLS listener: whether the plain tcp:// listener remains as well (default false). Without a
         * TLS listener the plain one is always there.
         */
        public Builder plainListener(boolean value) {
            this.plainListener = value;
            return this;
        }

        /** File persistence in this folder, kept across stop/start (default: in memory). */
        public Builder persistent(Path folder) {
            this.dataDir = folder;
            return this;
        }

        /** The broker, not started. */
        public EmbeddedBroker build() {
            return new EmbeddedBroker(this);
        }
    }
}
