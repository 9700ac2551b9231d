package io.fums.emulator.console.web;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fums.emulator.console.ConsoleException;
import io.fums.emulator.console.DcuKeys;
import io.fums.emulator.console.OperatorKey;
import io.fums.emulator.console.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A link whose DCUs answer as docs/mqtt-api.md says (the test sets each answer), that records every request and
 * delivers messages as the broker would. Signed requests are signed for real with an operator key (null: read-only).
 */
final class ScriptedDcus implements ConsoleLink {

    /** A request as sent. */
    record Sent(String dcuId, String operation, String body, String envelope) {
    }

    private final OperatorKey key;
    final Map<String, Handler> subscriptions = new ConcurrentHashMap<>();
    final List<Sent> sent = new CopyOnWriteArrayList<>();
    /** operation -> (DCU, body) -> answer data (a Response) */
    final Map<String, Function<Sent, Response>> answers = new ConcurrentHashMap<>();

    ScriptedDcus(OperatorKey key) {
        this.key = key;
    }

    @Override
    public CompletableFuture<Response> request(String dcuId, String operation, String body) {
        return answer(new Sent(dcuId, operation, body, null));
    }

    @Override
    public CompletableFuture<Response> signedRequest(String dcuId, String operation, String body) throws ConsoleException {
        if (key == null) {
            throw new ConsoleException(2, "no operator key");
        }
        return answer(new Sent(dcuId, operation, body, key.sign(operation, dcuId, body, Duration.ofMinutes(5))));
    }

    private CompletableFuture<Response> answer(Sent s) {
        sent.add(s);
        Function<Sent, Response> a = answers.get(s.operation());
        return a == null ? new CompletableFuture<>() : CompletableFuture.completedFuture(a.apply(s));
    }

    @Override
    public String operatorKeyId() {
        return key == null ? null : key.keyId();
    }

    @Override
    public void subscribe(String filter, Handler handler) {
        subscriptions.put(filter, handler);
    }

    @Override
    public void unsubscribe(String filter) {
        subscriptions.remove(filter);
    }

    /** Delivers a message to every matching subscription, as verified. */
    void deliver(String topic, String payload) {
        subscriptions.forEach((filter, h) -> {
            if (matches(filter, topic)) {
                h.accept(topic, payload.getBytes(StandardCharsets.UTF_8), DcuKeys.Check.VERIFIED);
            }
        });
    }

    /** A DCU's retained state. */
    void state(String dcu, String json) {
        deliver("fums/v1/" + dcu + "/state", json);
    }

    /** A DCU's event. */
    void event(String dcu, String kind, String id, String data) {
        deliver("fums/v1/" + dcu + "/evt/" + kind, "{\"id\":\"" + id + "\",\"kind\":\"" + kind + "\",\"dcuId\":\"" + dcu
                + "\",\"time\":\"2026-03-01T12:00:00Z\",\"data\":" + data + "}");
    }

    static Response ok(String dcu, String data) {
        return new Response(dcu, "ok", "OK", "ok", JsonParser.parseString(data), DcuKeys.Check.VERIFIED);
    }

    static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    private static boolean matches(String filter, String topic) {
        String f = filter.startsWith("$share/") ? filter.substring(filter.indexOf('/', 7) + 1) : filter;
        String[] fs = f.split("/");
        String[] ts = topic.split("/");
        if (fs.length != ts.length) {
            return false;
        }
        for (int i = 0; i < fs.length; i++) {
            if (!fs[i].equals("+") && !fs[i].equals(ts[i])) {
                return false;
            }
        }
        return true;
    }
}
