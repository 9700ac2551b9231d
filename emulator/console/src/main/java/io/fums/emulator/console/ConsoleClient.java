package io.fums.emulator.console;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fums.api.device.DeviceId;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.client.BrokerUrls;
import io.fums.cloud.mqtt.client.TlsContexts;
import io.fums.cloud.mqtt.client.Topics;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * The console's MQTT 5 client: requests to DCUs with a Response Topic and
 * Correlation Data (one private response topic per console), subscriptions
 * (shared ones too) and the retained state of the fleet.
 */
public final class ConsoleClient implements AutoCloseable {

    private record Subscription(String subscribed, String filter, CheckedHandler handler) {
    }

    /** Receives a message with the console's judgement of its DCU signature (never {@code FORGED}: those are dropped). */
    @FunctionalInterface
    public interface CheckedHandler {
        void accept(String topic, MqttMessage message, DcuKeys.Check signature);
    }

    private final MqttAsyncClient client;
    private final String responseTopic;
    private final Map<String, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();
    private final Map<String, String> pendingDcu = new ConcurrentHashMap<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private final Duration timeout = Duration.ofSeconds(15);
    private volatile Throwable lost;
    private volatile Semaphore inflight = new Semaphore(10);

    private static final long PIN_WAIT_MILLIS = 2_000;

    private final DcuKeys keys;
    private final Set<String> pinTried = ConcurrentHashMap.newKeySet();
    private final AtomicLong forged = new AtomicLong();
    private final Set<String> forgedWarned = ConcurrentHashMap.newKeySet();

    private ConsoleClient(MqttAsyncClient client, String responseTopic, DcuKeys keys) {
        this.client = client;
        this.responseTopic = responseTopic;
        this.keys = keys;
    }

    /**
     * Connects and subscribes to the console's response topic.
     *
     * @throws ConsoleException exit code 3 if the broker cannot be reached, 2 for bad TLS files
     */
    public static ConsoleClient connect(ConnectionOptions o) throws ConsoleException {
        String url;
        try {
            url = brokerUrl(o.broker);
        } catch (FumsException e) {
            throw new ConsoleException(2, e.getMessage());
        }
        String id = o.clientId != null ? o.clientId : "fums-console-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            MqttAsyncClient c = new MqttAsyncClient(url, id, new MemoryPersistence());
            ConsoleClient cc = new ConsoleClient(c, Topics.PREFIX + "/console/" + id + "/res",
                    o.dcuKeys == null ? DcuKeys.inMemory() : DcuKeys.folder(o.dcuKeys));
            c.setCallback(cc.new Callback());
            MqttConnectionOptions opts = new MqttConnectionOptions();
            opts.setCleanStart(o.sessionExpiry <= 0);
            opts.setSessionExpiryInterval(Math.max(0, o.sessionExpiry));
            opts.setKeepAliveInterval(30);
            if (o.receiveMaximum > 0) {
                opts.setReceiveMaximum(Math.min(o.receiveMaximum, 65535));
            }
            opts.setConnectionTimeout(15);
            opts.setAutomaticReconnect(true);
            opts.setAutomaticReconnectDelay(1, 10);
            if (o.username != null) {
                opts.setUserName(o.username);
            }
            if (o.password != null) {
                opts.setPassword(o.password.getBytes(StandardCharsets.UTF_8));
            }
            if (url.startsWith("ssl://")) {
                opts.setSocketFactory(TlsContexts.context(o.ca, o.cert, o.certKey).getSocketFactory());
                opts.setHttpsHostnameVerificationEnabled(!o.noHostnameCheck);
            }
            IMqttToken connected = c.connect(opts);
            connected.waitForCompletion(20_000);
            Integer rm = connected.getResponseProperties() == null ? null
                    : connected.getResponseProperties().getReceiveMaximum();
            cc.inflight = new Semaphore(rm == null ? 64 : Math.max(1, Math.min(rm, 64)));
            c.subscribe(cc.responseTopic, 1).waitForCompletion(10_000);
            return cc;
        } catch (FumsException e) {
            throw new ConsoleException(2, e.getMessage(), e);
        } catch (MqttException e) {
            throw ConsoleErrors.unreachable(url, e);
        }
    }

    private static String brokerUrl(String value) throws FumsException {
        return BrokerUrls.normalise(value, "--broker");
    }

    /**
     * Sends a request.
     *
     * @param dcuId     the DCU
     * @param operation e.g. {@code software.list}
     * @param body      the body JSON text ({@code {}} for none)
     * @param envelope  the signed command envelope, or null for a read-only operation
     * @return completes with the response; the caller applies a timeout
     */
    public CompletableFuture<Response> request(String dcuId, String operation, String body, String envelope) {
        pinKey(dcuId);
        byte[] corr = new byte[16];
        random.nextBytes(corr);
        String key = HexFormat.of().formatHex(corr);
        CompletableFuture<Response> f = new CompletableFuture<>();
        pending.put(key, f);
        pendingDcu.put(key, dcuId);
        f.whenComplete((r, e) -> {
            pending.remove(key);
            pendingDcu.remove(key);
        });
        MqttProperties p = new MqttProperties();
        p.setResponseTopic(responseTopic);
        p.setCorrelationData(corr);
        p.setContentType(Topics.JSON);
        p.setPayloadFormat(true);
        if (envelope != null) {
            List<UserProperty> ups = new ArrayList<>();
            ups.add(new UserProperty(Topics.SIGNATURE_PROPERTY, compact(envelope)));
            p.setUserProperties(ups);
        }
        publish(Topics.PREFIX + "/" + dcuId + "/req/" + operation,
                new MqttMessage(body.getBytes(StandardCharsets.UTF_8), 1, false, p), f, dcuId);
        return f;
    }

    /** Publishes within the broker's receive maximum (MQTT 5 flow control): waits for room first. */
    private void publish(String topic, MqttMessage m, CompletableFuture<Response> f, String dcuId) {
        Semaphore window = inflight;
        try {
            if (!window.tryAcquire(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                f.completeExceptionally(new ConsoleException(3, "request to " + dcuId + " not sent: the broker does not "
                        + "acknowledge publishes"));
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.completeExceptionally(e);
            return;
        }
        try {
            client.publish(topic, m, null, new org.eclipse.paho.mqttv5.client.MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    window.release();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    window.release();
                    f.completeExceptionally(new ConsoleException(3, "request to " + dcuId + " not sent: " + describe(e), e));
                }
            });
        } catch (MqttException e) {
            window.release();
            f.completeExceptionally(new ConsoleException(3, "request to " + dcuId + " not sent: " + describe(e), e));
        }
    }

    /** Publishes a JSON text (QoS 1), e.g. a notification to {@code fums/v1/<dcu>/notify/...}. */
    public void publish(String topic, String json, boolean retained) throws ConsoleException {
        MqttProperties p = new MqttProperties();
        p.setContentType(Topics.JSON);
        p.setPayloadFormat(true);
        try {
            client.publish(topic, new MqttMessage(json.getBytes(StandardCharsets.UTF_8), 1, retained, p))
                    .waitForCompletion(timeout.toMillis());
        } catch (MqttException e) {
            throw new ConsoleException(3, "publish on " + topic + " failed: " + describe(e), e);
        }
    }

    /**
     * Subscribes (QoS 1). A shared filter {@code $share/<group>/<filter>} is
     * matched by its {@code <filter>} part.
     */
    public void subscribe(String filter, BiConsumer<String, MqttMessage> handler) throws ConsoleException {
        subscribe(filter, (topic, m, check) -> handler.accept(topic, m));
    }

    /** As {@link #subscribe(String, BiConsumer)}, telling the handler how each message's signature was judged. */
    public void subscribe(String filter, CheckedHandler handler) throws ConsoleException {
        subscriptions.add(new Subscription(filter, matchPart(filter), handler));
        try {
            IMqttToken t = client.subscribe(filter, 1);
            t.waitForCompletion(timeout.toMillis());
            int[] codes = t.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                throw new ConsoleException(3, "the broker refused the subscription " + filter + " (reason 0x"
                        + Integer.toHexString(codes[0]) + ")");
            }
        } catch (MqttException e) {
            throw new ConsoleException(3, "subscribe " + filter + " failed: " + describe(e), e);
        }
    }

    /** Unsubscribes. */
    public void unsubscribe(String filter) {
        subscriptions.removeIf(s -> s.subscribed().equals(filter));
        try {
            client.unsubscribe(filter).waitForCompletion(timeout.toMillis());
        } catch (MqttException e) {
            // the subscription dies with the connection anyway
        }
    }

    /**
     * The retained state of every DCU ({@code fums/v1/+/state}), collected for {@code wait}.
     *
     * @return DCU id to its state object, sorted by id
     */
    public Map<String, JsonObject> fleetState(Duration wait) throws ConsoleException, InterruptedException {
        Map<String, JsonObject> out = new TreeMap<>();
        fleetStates(wait).forEach((id, s) -> out.put(id, s.state()));
        return out;
    }

    /** A DCU's retained state and how its signature was judged. */
    public record SignedState(JsonObject state, DcuKeys.Check signature) {
    }

    /**
     * The retained state of every DCU, with the judgement of each one's
     * signature (a forged state is dropped; a DCU's first state pins its key).
     */
    public Map<String, SignedState> fleetStates(Duration wait) throws ConsoleException, InterruptedException {
        Map<String, SignedState> states = new ConcurrentHashMap<>();
        String filter = Topics.PREFIX + "/+/state";
        subscribe(filter, (topic, m, check) -> {
            String dcu = topic.split("/")[2];
            try {
                states.put(dcu, new SignedState(JsonParser.parseString(new String(m.getPayload(),
                        StandardCharsets.UTF_8)).getAsJsonObject(), check));
            } catch (RuntimeException e) {
                JsonObject bad = new JsonObject();
                bad.addProperty("online", false);
                bad.addProperty("error", "state is not JSON");
                states.put(dcu, new SignedState(bad, check));
            }
        });
        Thread.sleep(wait.toMillis());
        unsubscribe(filter);
        return new TreeMap<>(states);
    }

    /**
     * Pins the key a DCU announces in its retained state, once per DCU and
     * run, if none is registered: its responses can then be verified.
     */
    private void pinKey(String dcuId) {
        if (!DeviceId.isValid(dcuId) || keys.key(dcuId) != null || !pinTried.add(dcuId)) {
            return;
        }
        String topic = Topics.PREFIX + "/" + dcuId + "/state";
        CountDownLatch seen = new CountDownLatch(1);
        try {
            subscribe(topic, (t, m, check) -> seen.countDown());
            seen.await(PIN_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ConsoleException e) {
            // the request itself fails and says why
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            unsubscribe(topic);
        }
    }

    /** Messages dropped so far because their DCU signature did not verify. */
    public long forgedCount() {
        return forged.get();
    }

    /** The DCU keys this console checks signatures with. */
    public DcuKeys dcuKeys() {
        return keys;
    }

    private Response forgedResponse(String dcu, String topic) {
        forged(dcu, topic);
        return new Response(dcu, "failed", "RESPONSE_FORGED", "a response for " + dcu + " whose DCU signature does "
                + "not verify was dropped (not from the DCU whose key is registered)", null, DcuKeys.Check.FORGED);
    }

    private void forged(String dcu, String topic) {
        forged.incrementAndGet();
        if (forgedWarned.add(dcu)) {
            System.err.println("fums-console: dropped a message on " + topic + ": its signature is not " + dcu
                    + "'s registered key (forged or unsigned); further ones from " + dcu + " are dropped silently");
        }
    }

    /** True while connected. */
    public boolean isConnected() {
        return client.isConnected();
    }

    /** The topic this console receives its responses on. */
    public String responseTopic() {
        return responseTopic;
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(2_000).waitForCompletion(3_000);
            }
        } catch (MqttException e) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // nothing left
        }
    }

    /**
     * The envelope on one line: MQTT strings must not carry control characters
     * (a file written by fums-pkg ends with a newline). Only the base64
     * payload inside is signed, so re-serialising the envelope changes nothing.
     */
    static String compact(String envelope) {
        try {
            return JsonParser.parseString(envelope).toString();
        } catch (RuntimeException e) {
            return envelope.strip();
        }
    }

    static String matchPart(String filter) {
        if (filter.startsWith("$share/")) {
            int i = filter.indexOf('/', "$share/".length());
            return i < 0 ? filter : filter.substring(i + 1);
        }
        return filter;
    }

    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length || !f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String s = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return root == e ? s : s + " (" + root.getMessage() + ")";
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            lost = response.getException();
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            // reported through tokens
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (topic.equals(responseTopic)) {
                MqttProperties p = message.getProperties();
                byte[] corr = p == null ? null : p.getCorrelationData();
                if (corr != null) {
                    String key = HexFormat.of().formatHex(corr);
                    CompletableFuture<Response> f = pending.get(key);
                    String dcu = pendingDcu.getOrDefault(key, "?");
                    if (f != null) {
                        DcuKeys.Check check = keys.judge(dcu, topic, message);
                        f.complete(check == DcuKeys.Check.FORGED ? forgedResponse(dcu, topic)
                                : Response.parse(dcu, message.getPayload()).signed(check));
                    }
                }
                return;
            }
            String[] levels = topic.split("/", 4);
            DcuKeys.Check check = levels.length >= 3 && topic.startsWith(Topics.PREFIX + "/")
                    ? keys.judge(levels[2], topic, message) : DcuKeys.Check.NO_KEY;
            if (check == DcuKeys.Check.FORGED) {
                forged(levels[2], topic);
                return;
            }
            for (Subscription s : subscriptions) {
                if (matches(s.filter(), topic)) {
                    s.handler().accept(topic, message, check);
                }
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            if (reconnect) {
                // a broker that lost the session (restarted without persistence) lost the subscriptions too
                try {
                    client.subscribe(responseTopic, 1);
                    for (Subscription s : subscriptions) {
                        client.subscribe(s.subscribed(), 1);
                    }
                } catch (MqttException e) {
                    // the next request times out and says so
                }
            }
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
