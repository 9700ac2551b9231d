package io.fums.emulator.console;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Option;

/**
 * A command that sends requests to DCUs and waits for their responses; signs
 * state-changing ones with the operator key. New operations (meters,
 * campaigns) subclass this and only build bodies and print data.
 */
abstract class DcuRequestCommand extends ConsoleCommand {

    /** The longest command lifetime a DCU accepts by default (io.fums.crypto maxCommandLifetimeSeconds). */
    static final long MAX_TTL_SECONDS = io.fums.crypto.command.CommandLimits.DEFAULTS.maxLifetime().toSeconds();

    static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "how long to wait for responses (default: 30; deploy 900, rollback 600)")
    Long timeoutSeconds;

    @Option(names = {"-k", "--operator-key"}, paramLabel = "PEM", defaultValue = "${env:FUMS_OPERATOR_KEY}",
            description = "operator private key that signs state-changing commands (env FUMS_OPERATOR_KEY)")
    Path operatorKey;

    @Option(names = "--ttl", paramLabel = "SECONDS", defaultValue = "300",
            description = "validity of a signed command (default: ${DEFAULT-VALUE})")
    long ttlSeconds;

    @Option(names = "--json", description = "print the responses as JSON")
    boolean json;

    private OperatorKey key;

    @Override
    void checkCommonOptions() throws ConsoleException {
        if (ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
            throw new ConsoleException(ConsoleErrors.USAGE, "--ttl " + ttlSeconds + ": DCUs accept 1 to " + MAX_TTL_SECONDS
                    + " s (their longest command lifetime); give 1 to " + MAX_TTL_SECONDS);
        }
    }

    /** The timeout when --timeout is not given. */
    long defaultTimeoutSeconds() {
        return 30;
    }

    long timeout() {
        return timeoutSeconds != null ? timeoutSeconds : defaultTimeoutSeconds();
    }

    OperatorKey key() throws ConsoleException {
        if (key == null) {
            if (operatorKey == null) {
                throw new ConsoleException(2, "this command changes the DCU and must be signed: give --operator-key or "
                        + "set FUMS_OPERATOR_KEY");
            }
            key = OperatorKey.read(operatorKey);
        }
        return key;
    }

    /**
     * Sends one operation to each DCU and waits for every response.
     *
     * @param signed sign each request for its DCU with the operator key
     * @return responses by DCU, in the order given (a timeout is a {@code failed TIMEOUT} response)
     */
    Map<String, Response> send(ConsoleClient client, List<String> dcus, String operation, String body, boolean signed)
            throws ConsoleException, InterruptedException {
        KnownDcus.require(client, dcus);
        Map<String, CompletableFuture<Response>> futures = new LinkedHashMap<>();
        for (String dcu : dcus) {
            String envelope = signed ? key().sign(operation, dcu, body, Duration.ofSeconds(ttlSeconds)) : null;
            futures.put(dcu, client.request(dcu, operation, body, envelope));
        }
        Map<String, Response> out = new LinkedHashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout());
        for (Map.Entry<String, CompletableFuture<Response>> e : futures.entrySet()) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                out.put(e.getKey(), e.getValue().get(left, TimeUnit.NANOSECONDS));
            } catch (TimeoutException ex) {
                out.put(e.getKey(), new Response(e.getKey(), "failed", "TIMEOUT", "no response within " + timeout()
                        + " s (is the DCU online?)", null));
            } catch (ExecutionException ex) {
                throw ex.getCause() instanceof ConsoleException c ? c
                        : new ConsoleException(3, ex.getCause().toString(), ex.getCause());
            }
        }
        return out;
    }

    /** Sends one request with an envelope made elsewhere (e.g. co-signed, SEC-4) and waits for its response. */
    Response sendEnvelope(ConsoleClient client, String dcu, String operation, String body, String envelope)
            throws ConsoleException, InterruptedException {
        KnownDcus.require(client, List.of(dcu));
        CompletableFuture<Response> f = client.request(dcu, operation, body, envelope);
        try {
            return f.get(timeout(), TimeUnit.SECONDS);
        } catch (TimeoutException ex) {
            return new Response(dcu, "failed", "TIMEOUT", "no response within " + timeout() + " s (is the DCU online?)", null);
        } catch (ExecutionException ex) {
            throw ex.getCause() instanceof ConsoleException c ? c : new ConsoleException(3, ex.getCause().toString(), ex.getCause());
        }
    }

    /** One DCU, one response. */
    Response sendOne(ConsoleClient client, String dcu, String operation, String body, boolean signed)
            throws ConsoleException, InterruptedException {
        return send(client, List.of(dcu), operation, body, signed).get(dcu);
    }

    /** Prints a response's status line (or JSON) and returns 0 if ok, 1 otherwise. */
    int report(Response r) {
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("dcuId", r.dcuId());
            o.addProperty("status", r.status());
            o.addProperty("code", r.code());
            o.addProperty("message", r.message());
            o.add("data", r.data());
            if (r.signature() != null) {
                o.addProperty("signature", r.signature().name());
            }
            out().println(PRETTY.toJson(o));
        } else if (!r.ok()) {
            err().println(r.dcuId() + ": " + r.status().toUpperCase() + " " + r.code() + ": " + r.message());
        }
        if (r.signature() == DcuKeys.Check.NO_KEY) {
            err().println(r.dcuId() + ": response not verified: no signing key known for " + r.dcuId()
                    + " (register it in --dcu-keys, or list the DCUs once to pin it)");
        }
        return r.ok() ? 0 : 1;
    }

    /** Reports several; 0 if all ok. */
    int reportAll(Map<String, Response> responses) {
        int rc = 0;
        for (Response r : responses.values()) {
            rc = Math.max(rc, report(r));
        }
        return rc;
    }

    static List<String> list(String... items) {
        return new ArrayList<>(List.of(items));
    }
}
