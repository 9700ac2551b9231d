package io.fums.cloud.mqtt.internal;

import io.fums.crypto.DeviceSigner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT 5 session over Paho: connects with clean start false and a session
 * expiry, a Will, keep-alive, receive maximum, maximum packet size and manual acknowledgements;
 * when the connection fails or breaks, reconnects after an exponential
 * backoff with jitter ({@link Backoff}). Each attempt uses a fresh Paho client
 * (the outbox, not Paho, keeps what must survive), so no stale in-flight
 * state of a broken connection leaks into the next one.
 */
public final class MqttSession implements Transport, AutoCloseable {

    /** What the owner of the session is told. Called on the session's own thread unless said otherwise. */
    public interface Listener {
        /** A connection is up (subscribe, publish the birth, resume the outbox here). */
        void connected(long epoch, boolean sessionPresent);

        /** The connection broke; a reconnect is scheduled. */
        void connectionLost(Throwable cause);

        /** A connect attempt failed (TCP, TLS or CONNACK); the next one is scheduled. */
        default void connectFailed(Throwable cause) {
        }

        /** A message arrived: called on Paho's callback thread; must not block. */
        void message(Incoming message);
    }

    private static final Logger LOG = LoggerFactory.getLogger(MqttSession.class);
    private static final int DEFAULT_RECEIVE_MAXIMUM = 65_535;

    private final CloudSettings settings;
    private final SocketFactory socketFactory;
    private final Supplier<Outgoing> will;
    private final Listener listener;
    private final Backoff backoff;
    private final ScheduledExecutorService loop;
    private volatile MqttAsyncClient current;
    private volatile MqttAsyncClient connecting;
    private volatile PahoSupport.Callback callback;
    private final DeviceSigner signer;
    private volatile long epoch;
    private volatile int brokerReceiveMaximum = DEFAULT_RECEIVE_MAXIMUM;
    private volatile Semaphore window = new Semaphore(DEFAULT_RECEIVE_MAXIMUM);
    private volatile boolean closed;
    private int failures;

    /**
     * @param settings      broker, identity, session
     * @param socketFactory the TLS socket factory for ssl://, else null
     * @param will          the Will message, built at each connect attempt
     * @param listener      told about connections and messages
     * @param signer        signs every message published (SEC-6)
     */
    public MqttSession(CloudSettings settings, SocketFactory socketFactory, Supplier<Outgoing> will, Listener listener,
                       DeviceSigner signer) {
        this.settings = settings;
        this.signer = java.util.Objects.requireNonNull(signer, "signer");
        this.socketFactory = socketFactory;
        this.will = will;
        this.listener = listener;
        this.backoff = new Backoff(settings.reconnectMin(), settings.reconnectMax(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fums-mqtt-session");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts connecting (in the background). */
    public void start() {
        loop.execute(this::attempt);
    }

    @Override
    public long epoch() {
        return epoch;
    }

    @Override
    public boolean isConnected() {
        MqttAsyncClient c = current;
        return c != null && c.isConnected();
    }

    @Override
    public int brokerReceiveMaximum() {
        return brokerReceiveMaximum;
    }

    /** Runs a task on the session's thread (serialised with connects and disconnects). */
    public void execute(Runnable task) {
        try {
            if (!closed) {
                loop.execute(task);
            }
        } catch (RejectedExecutionException e) {
            LOG.debug("session closed: task dropped");
        }
    }

    /** Runs a task on the session's thread after a delay. */
    public void schedule(Runnable task, Duration delay) {
        try {
            if (!closed) {
                loop.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException e) {
            LOG.debug("session closed: task dropped");
        }
    }

    private void attempt() {
        if (closed) {
            return;
        }
        MqttAsyncClient client = null;
        try {
            MqttAsyncClient c = new MqttAsyncClient(settings.brokerUrl(), settings.clientId(), new MemoryPersistence());
            client = c;
            c.setManualAcks(true);
            PahoSupport.Callback cb = new PahoSupport.Callback(c, cause -> lost(c, cause), listener::message);
            c.setCallback(cb);
            connecting = client;
            IMqttToken token = client.connect(options());
            token.waitForCompletion(settings.connectTimeout().toMillis() + 5_000);
            if (!client.isConnected()) {
                throw new MqttException(MqttClientException.REASON_CODE_CLIENT_TIMEOUT);
            }
            MqttProperties p = token.getResponseProperties();
            Integer rm = p == null ? null : p.getReceiveMaximum();
            brokerReceiveMaximum = rm == null || rm < 1 ? DEFAULT_RECEIVE_MAXIMUM : rm;
            window = new Semaphore(brokerReceiveMaximum);
            epoch++;
            callback = cb;
            current = client;
            connecting = null;
            failures = 0;
            backoff.reset();
            LOG.info("connected to {} as {} (session present: {}, broker receive maximum {})",
                    settings.brokerUrl(), settings.clientId(), token.getSessionPresent(), brokerReceiveMaximum);
            listener.connected(epoch, token.getSessionPresent());
        } catch (MqttException | RuntimeException e) {
            connecting = null;
            if (client != null && client == current) {
                current = null;
            }
            PahoSupport.closeQuietly(client);
            Duration delay = backoff.next();
            failures++;
            if (failures <= 3 || failures % 20 == 0) {
                LOG.warn("cannot connect to {} ({} attempt{}): {}; next attempt in {} ms", settings.brokerUrl(),
                        failures, failures == 1 ? "" : "s", PahoSupport.describe(e), delay.toMillis());
            }
            try {
                listener.connectFailed(e);
            } catch (RuntimeException x) {
                LOG.error("connect-failed listener failed", x);
            }
            schedule(this::attempt, delay);
        }
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(settings.sessionExpiry().toSeconds());
        o.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        o.setConnectionTimeout((int) settings.connectTimeout().toSeconds());
        o.setReceiveMaximum(settings.receiveMaximum());
        // The broker must not send a larger packet (MQTT 5, 3.1.2.11.4): without it one huge publish to a
        // request topic is buffered whole by Paho before any size check (issue 12 item 6). Paho also refuses
        // a larger packet from a broker that ignores it, before reading its body.
        o.setMaximumPacketSize((long) settings.maxPacketBytes());
        o.setAutomaticReconnect(false);
        if (settings.username() != null) {
            o.setUserName(settings.username());
        }
        if (settings.password() != null) {
            o.setPassword(new String(settings.password()).getBytes(StandardCharsets.UTF_8));
        }
        if (socketFactory != null) {
            o.setSocketFactory(socketFactory);
            o.setHttpsHostnameVerificationEnabled(settings.tls().hostnameVerification());
        }
        Outgoing w = will.get();
        MqttMessage wm = new MqttMessage(w.payload(), w.qos(), w.retained(), null);
        o.setWill(w.topic(), wm);
        o.setWillMessageProperties(PahoSupport.properties(w, signer));
        return o;
    }

    private void lost(MqttAsyncClient client, Throwable cause) {
        if (closed) {
            return;
        }
        execute(() -> {
            if (client != current) {
                PahoSupport.closeQuietly(client);
                return;
            }
            current = null;
            LOG.warn("connection to {} lost: {}", settings.brokerUrl(), PahoSupport.describe(cause));
            try {
                listener.connectionLost(cause);
            } catch (RuntimeException e) {
                LOG.error("connection-lost listener failed", e);
            }
            PahoSupport.closeQuietly(client);
            if (!closed) {
                Duration delay = backoff.next();
                LOG.info("reconnecting in {} ms", delay.toMillis());
                schedule(this::attempt, delay);
            }
        });
    }

    @Override
    public void publish(Outgoing m, Completion completion) throws NotConnectedException {
        MqttAsyncClient c = current;
        if (c == null) {
            c = connecting;
        }
        if (c == null || !c.isConnected()) {
            throw new NotConnectedException("not connected to " + settings.brokerUrl(), null);
        }
        MqttMessage msg = new MqttMessage(m.payload(), m.qos(), m.retained(), PahoSupport.properties(m, signer));
        Semaphore w = window;
        if (m.qos() > 0) {
            acquire(w);
        }
        try {
            c.publish(m.topic(), msg, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    if (m.qos() > 0) {
                        w.release();
                    }
                    int[] codes = token.getReasonCodes();
                    if (codes != null) {
                        for (int code : codes) {
                            if (code >= 0x80) {
                                completion.failed(new MqttException(code));
                                return;
                            }
                        }
                    }
                    completion.done();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable why) {
                    if (m.qos() > 0) {
                        w.release();
                    }
                    completion.failed(why == null ? new MqttException(MqttClientException.REASON_CODE_UNEXPECTED_ERROR) : why);
                }
            });
        } catch (MqttException e) {
            if (m.qos() > 0) {
                w.release();
            }
            throw new NotConnectedException("publish on " + m.topic() + " failed: " + PahoSupport.describe(e), e);
        }
    }

    /**
     * MQTT 5 flow control: at most the broker's receive maximum of QoS 1
     * publishes unacknowledged on one connection, whoever sends them.
     */
    private void acquire(Semaphore w) throws NotConnectedException {
        try {
            if (!w.tryAcquire(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new NotConnectedException("the broker acknowledges no publish (receive maximum "
                        + brokerReceiveMaximum + " reached for " + settings.connectTimeout().toSeconds() + " s)", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotConnectedException("interrupted while waiting for the broker", e);
        }
    }

    /**
     * QoS 1 messages received on the current connection and not yet
     * acknowledged: while they are as many as the receive maximum, the broker
     * may send nothing more.
     */
    public int heldIncoming() {
        PahoSupport.Callback cb = callback;
        return cb == null ? 0 : cb.held();
    }

    /**
     * Closes the connection of {@code epoch} with a normal DISCONNECT (the
     * broker keeps the session and discards the Will, so the DCU does not
     * appear offline) and connects again after the usual backoff; the broker
     * resumes the session with fresh flow control. Nothing if that connection
     * is already gone. Runs on the session's thread.
     */
    public void reconnect(long epoch) {
        execute(() -> {
            MqttAsyncClient c = current;
            if (c == null || this.epoch != epoch || closed) {
                return;
            }
            current = null;
            try {
                listener.connectionLost(new MqttException(MqttClientException.REASON_CODE_CONNECTION_LOST));
            } catch (RuntimeException e) {
                LOG.error("connection-lost listener failed", e);
            }
            PahoSupport.closeQuietly(c);
            Duration delay = backoff.next();
            LOG.info("reconnecting to {} in {} ms", settings.brokerUrl(), delay.toMillis());
            schedule(this::attempt, delay);
        });
    }

    /**
     * Drops the connection without a DISCONNECT packet, as a power cut or a
     * pulled cable would: the broker publishes the Will, and the session
     * reconnects as after any loss (used by watchdogs and tests).
     */
    public void abort() {
        MqttAsyncClient c = current;
        if (c == null) {
            return;
        }
        try {
            c.disconnectForcibly(0, 100, false);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("abort: {}", PahoSupport.describe(e));
        }
        lost(c, new MqttException(MqttClientException.REASON_CODE_CONNECTION_LOST));
    }

    /**
     * Subscribes on the current connection and waits for the SUBACK.
     *
     * @return true if every filter was granted
     */
    public boolean subscribe(String[] filters, int qos) {
        MqttAsyncClient c = current;
        if (c == null || filters.length == 0) {
            return filters.length == 0;
        }
        int[] qoss = new int[filters.length];
        java.util.Arrays.fill(qoss, qos);
        try {
            IMqttToken t = c.subscribe(filters, qoss);
            t.waitForCompletion(settings.connectTimeout().toMillis());
            int[] codes = t.getReasonCodes();
            boolean ok = codes != null;
            for (int i = 0; codes != null && i < codes.length; i++) {
                if (codes[i] >= 0x80) {
                    LOG.error("subscription to {} refused by the broker: reason code 0x{}",
                            i < filters.length ? filters[i] : "?", Integer.toHexString(codes[i]));
                    ok = false;
                }
            }
            return ok;
        } catch (MqttException e) {
            LOG.warn("subscribe {} failed: {}", List.of(filters), PahoSupport.describe(e));
            return false;
        }
    }

    /** Unsubscribes on the current connection (best effort). */
    public void unsubscribe(String filter) {
        MqttAsyncClient c = current;
        if (c != null && c.isConnected()) {
            try {
                c.unsubscribe(filter);
            } catch (MqttException e) {
                LOG.debug("unsubscribe {} failed: {}", filter, PahoSupport.describe(e));
            }
        }
    }

    /**
     * Closes the session: publishes {@code farewell} (the retained offline
     * state) if connected, disconnects normally (so the broker does not send
     * the Will), and stops reconnecting.
     */
    public void close(Outgoing farewell) {
        closed = true;
        MqttAsyncClient c = current;
        current = null;
        loop.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (c != null && c.isConnected() && farewell != null) {
            try {
                c.publish(farewell.topic(), new MqttMessage(farewell.payload(), farewell.qos(), farewell.retained(),
                        PahoSupport.properties(farewell, signer))).waitForCompletion(2_000);
            } catch (MqttException e) {
                LOG.debug("offline state not published: {}", PahoSupport.describe(e));
            }
        }
        PahoSupport.closeQuietly(c);
        PahoSupport.closeQuietly(connecting);
    }

    @Override
    public void close() {
        close(null);
    }
}
