package io.fums.cloud.mqtt.internal;

import io.fums.api.device.DeviceId;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudEvent;
import io.fums.cloud.mqtt.CloudSubscriber;
import io.fums.cloud.mqtt.RequestHandler;
import io.fums.cloud.mqtt.StateContributor;
import io.fums.cloud.mqtt.client.TlsContexts;
import io.fums.cloud.mqtt.client.Topics;
import io.fums.cloud.mqtt.standalone.StandaloneCloudLink;
import io.fums.crypto.DeviceSigner;
import io.fums.security.CommandGuard;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import io.fums.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud link assembled from its parts, without OSGi: the MQTT session,
 * the birth/will state, the request router with its handler registry, the
 * subscribers, and the outbox. The DS component {@link CloudLinkComponent}
 * wraps one; on a flat classpath {@link io.fums.cloud.mqtt.standalone.CloudLinks} builds one.
 */
public final class CloudLink implements StandaloneCloudLink {

    /** How long after start a request waits for its handler to be registered. */
    public static final long HANDLER_GRACE_MILLIS = 15_000;
    /** The state section with the DCU's signing key: {@code keyId}, {@code algorithm}, {@code publicKey} (PEM). */
    public static final String SIGNING_KEY_SECTION = "signingKey";
    private static final Logger LOG = LoggerFactory.getLogger(CloudLink.class);
    private static final Duration STATE_COALESCE = Duration.ofMillis(300);

    private final CloudSettings settings;
    private final DeviceId dcu;
    private final HandlerRegistry handlers = new HandlerRegistry();
    private final StatePublisher state;
    private final LinkFailureAudit linkFailures;
    private final SubscriberRegistry subscribers;
    private final ExecutorService workers;
    private final ExecutorService dispatch;
    private final MqttSession session;
    private final Outbox outbox;
    private final RequestRouter router;
    private final SessionProbe probe;
    private final AtomicBoolean refreshPending = new AtomicBoolean();
    private final AuditLog audit;

    /**
     * Builds the link; {@link #start()} connects.
     *
     * @throws FumsException {@code CONFIG_INVALID} if the TLS files cannot be used
     */
    public CloudLink(CloudSettings settings, Database db, CommandGuard guard, Clock clock, DeviceSigner signer)
            throws FumsException {
        this(settings, db, guard, null, clock, signer);
    }

    /**
     * Builds the link with an audit log for the session probe's entries ({@code cloud.session.stall},
     * {@code cloud.session.resume}); {@link #start()} connects.
     *
     * @param audit  null for none
     * @param signer signs every message the DCU publishes (SEC-6); its public key goes into the state as
     *               section {@code signingKey}
     * @throws FumsException {@code CONFIG_INVALID} if the TLS files cannot be used
     */
    public CloudLink(CloudSettings settings, Database db, CommandGuard guard, AuditLog audit, Clock clock,
                     DeviceSigner signer) throws FumsException {
        this.settings = settings;
        this.dcu = settings.dcuId();
        SocketFactory tls = settings.usesTls() ? TlsContexts.context(settings.tls().caFile(),
                settings.tls().clientCertFile(), settings.tls().clientKeyFile()).getSocketFactory() : null;
        this.state = new StatePublisher(dcu, clock, settings.insecure(), settings.labels());
        this.audit = audit;
        Map<String, String> key = Map.of("keyId", signer.keyId(), "algorithm", signer.algorithm().name(),
                "publicKey", signer.publicKeyPem());
        this.state.add(SIGNING_KEY_SECTION, () -> key);
        this.workers = RequestRouter.workers(settings.requestThreads(), settings.requestQueue(),
                threads("fums-cloud-request"));
        this.dispatch = RequestRouter.workers(1, settings.requestQueue(), threads("fums-cloud-subscriber"));
        this.subscribers = new SubscriberRegistry(dcu, dispatch);
        this.linkFailures = new LinkFailureAudit(dcu, settings.brokerUrl(), audit, System::nanoTime);
        this.session = new MqttSession(settings, tls, state::will, new MqttSession.Listener() {
            @Override
            public void connected(long epoch, boolean sessionPresent) {
                linkFailures.connected();
                onConnected();
            }

            @Override
            public void connectFailed(Throwable cause) {
                linkFailures.failed(cause);
            }

            @Override
            public void connectionLost(Throwable cause) {
                // the outbox and the router notice by themselves
            }

            @Override
            public void message(Incoming m) {
                onMessage(m);
            }
        }, signer);
        this.outbox = new Outbox(db, dcu, session, settings.maxInflight(), clock);
        this.router = new RequestRouter(dcu, handlers, guard, session, settings.maxRequestBytes(), workers, clock,
                HANDLER_GRACE_MILLIS);
        Duration interval = settings.probeInterval();
        this.probe = interval.isZero() ? null : new SessionProbe(dcu, session, interval,
                interval.compareTo(settings.connectTimeout()) < 0 ? interval : settings.connectTimeout(),
                settings.receiveMaximum(), session::heldIncoming, session::reconnect, session::schedule, audit,
                System::nanoTime);
    }

    /** Opens the outbox and starts connecting. */
    public void start() throws FumsException {
        outbox.start();
        if (settings.insecure()) {
            auditInsecure();
        } else if (settings.passwordOnly()) {
            LOG.warn("cloud link to {} over TLS without a client certificate: the DCU authenticates by user name "
                    + "and password only (set clientCertFile and clientKeyFile)", settings.brokerUrl());
        }
        session.start();
        LOG.info("cloud link for {} starting: broker {}, {} events pending", dcu, settings.brokerUrl(),
                outbox.pending());
    }

    /** Once per start: the plain link is an exception an auditor must see (SEC-5). */
    private void auditInsecure() throws FumsException {
        if (audit != null) {
            audit.append(AuditEvent.builder(SessionProbe.ACTOR, "cloud.link.insecure").subject(dcu.value())
                    .detail("brokerUrl", settings.brokerUrl())
                    .detail("setting", "allowInsecure").build());
        }
    }

    private void onConnected() {
        if (settings.insecure()) {
            LOG.warn("insecure: plain tcp:// link to {} (allowInsecure=true): nothing is encrypted and the broker "
                    + "is not verified", settings.brokerUrl());
        }
        publishState();
        List<String> filters = new ArrayList<>();
        filters.add(Topics.requestFilter(dcu));
        filters.addAll(subscribers.filters());
        session.subscribe(filters.toArray(new String[0]), 1);
        outbox.connected();
        if (probe != null) {
            probe.connected(session.epoch(), session.subscribe(new String[] {probe.topic()}, 1));
        }
    }

    private void onMessage(Incoming m) {
        if (Topics.operationOf(dcu, m.topic()) != null) {
            router.submit(m);
            return;
        }
        if (probe != null && probe.accept(m)) {
            return;
        }
        m.ack().run();
        if (!subscribers.deliver(m)) {
            LOG.debug("message on {} matches no subscriber", m.topic());
        }
    }

    private void publishState() {
        try {
            session.publish(state.birth(), new Transport.Completion() {
                @Override
                public void done() {
                    // retained by the broker
                }

                @Override
                public void failed(Throwable why) {
                    LOG.warn("state not published: {}", why.toString());
                }
            });
        } catch (Transport.NotConnectedException e) {
            LOG.debug("state not published: {}", e.getMessage());
        }
    }

    // --- registries (whiteboard) ---

    /** Adds a request handler with its service properties. */
    public void addHandler(RequestHandler handler, Map<String, ?> properties) {
        handlers.add(handler, properties);
    }

    /** Removes a request handler. */
    public void removeHandler(RequestHandler handler) {
        handlers.remove(handler);
    }

    /** Adds a subscriber with its service properties; subscribes at once when connected. */
    public void addSubscriber(CloudSubscriber subscriber, Map<String, ?> properties) {
        String filter = subscribers.add(subscriber, properties.get(CloudSubscriber.TOPIC));
        if (filter != null) {
            session.execute(() -> session.subscribe(new String[] {filter}, 1));
        }
    }

    /** Removes a subscriber; unsubscribes its filter if no one else uses it. */
    public void removeSubscriber(CloudSubscriber subscriber) {
        String filter = subscribers.remove(subscriber);
        if (filter != null) {
            session.execute(() -> session.unsubscribe(filter));
        }
    }

    /** Adds a state section and re-publishes the state. */
    public void addStateContributor(StateContributor contributor, Map<String, ?> properties) {
        Object section = properties.get(StateContributor.SECTION);
        if (state.add(section instanceof String s ? s : null, contributor)) {
            refreshState();
        }
    }

    /** Removes a state section and re-publishes the state. */
    public void removeStateContributor(StateContributor contributor, Map<String, ?> properties) {
        Object section = properties.get(StateContributor.SECTION);
        state.remove(section instanceof String s ? s : null, contributor);
        refreshState();
    }

    // --- CloudPublisher, CloudConnection ---

    @Override
    public String publish(CloudEvent event) throws FumsException {
        return outbox.publish(event);
    }

    @Override
    public CompletionStage<String> publishAsync(CloudEvent event) {
        return outbox.publishAsync(event);
    }

    @Override
    public DeviceId dcuId() {
        return dcu;
    }

    @Override
    public boolean isConnected() {
        return session.isConnected();
    }

    @Override
    public long pendingEvents() {
        return outbox.pending();
    }

    @Override
    public java.util.Optional<java.time.Instant> lastAcknowledged() {
        return outbox.lastAck();
    }

    @Override
    public void refreshState() {
        if (refreshPending.compareAndSet(false, true)) {
            session.schedule(() -> {
                refreshPending.set(false);
                if (session.isConnected()) {
                    publishState();
                }
            }, STATE_COALESCE);
        }
    }

    /** Drops the connection without DISCONNECT (the broker then publishes the Will); it reconnects by itself. */
    public void abortConnection() {
        session.abort();
    }

    /** Requests dropped since start because the request queue was full ({@code CMD_QUEUE_FULL}). */
    public long droppedRequests() {
        return router.droppedRequests();
    }

    /** Stalled sessions the probe detected (each followed by a reconnect) since start. */
    public long sessionStalls() {
        return probe == null ? 0 : probe.stalls();
    }

    /** Session probes that came back since start. */
    public long probeRoundTrips() {
        return probe == null ? 0 : probe.roundTrips();
    }

    /** The settings in force. */
    public CloudSettings settings() {
        return settings;
    }

    /**
     * Stops: no new requests, the retained state set offline, a normal
     * disconnect, the outbox flushed and closed. Events committed and not yet
     * acknowledged stay in the outbox for the next start.
     */
    @Override
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("requests still running at stop; their responses may be lost");
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        session.close(state.farewell("stopped"));
        outbox.close();
        dispatch.shutdownNow();
        LOG.info("cloud link for {} stopped, {} events pending", dcu, outbox.pending());
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
