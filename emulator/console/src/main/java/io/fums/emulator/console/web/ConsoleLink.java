package io.fums.emulator.console.web;

import io.fums.emulator.console.ConsoleClient;
import io.fums.emulator.console.ConsoleException;
import io.fums.emulator.console.DcuKeys;
import io.fums.emulator.console.OperatorKey;
import io.fums.emulator.console.Response;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * What the web console needs of the console's MQTT client: requests to DCUs (signed with the operator's key when
 * they change state, as the CLI signs them) and subscriptions. {@link #of} adapts a connected {@link ConsoleClient};
 * unit tests give a link that answers as docs/mqtt-api.md says a DCU does.
 *
 * <p>Implementations are thread-safe; handlers run on the MQTT client's thread and must be quick.
 */
public interface ConsoleLink {

    /** Receives one message: its topic, its payload and how its DCU signature was judged (forged ones never come). */
    @FunctionalInterface
    interface Handler {
        void accept(String topic, byte[] payload, DcuKeys.Check signature);
    }

    /**
     * Sends a read-only request.
     *
     * @return completes with the DCU's response; the caller applies a timeout
     */
    CompletableFuture<Response> request(String dcuId, String operation, String body);

    /**
     * Sends a state-changing request signed with the operator's key for this DCU and operation.
     *
     * @throws ConsoleException code 2 when the console has no operator key
     */
    CompletableFuture<Response> signedRequest(String dcuId, String operation, String body) throws ConsoleException;

    /** The operator key's id, or null when the console runs without one (read-only: no command is offered). */
    String operatorKeyId();

    /** Subscribes (QoS 1); a shared filter {@code $share/<group>/<filter>} is matched by its filter part. */
    void subscribe(String filter, Handler handler) throws ConsoleException;

    /** Unsubscribes. */
    void unsubscribe(String filter);

    /**
     * The link of a connected console client.
     *
     * @param client the client (not closed by the link)
     * @param key    the operator's key, or null for a read-only console
     * @param ttl    validity of each signed command (a DCU accepts at most its longest command lifetime)
     */
    static ConsoleLink of(ConsoleClient client, OperatorKey key, Duration ttl) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(ttl, "ttl");
        return new ConsoleLink() {
            @Override
            public CompletableFuture<Response> request(String dcuId, String operation, String body) {
                return client.request(dcuId, operation, body, null);
            }

            @Override
            public CompletableFuture<Response> signedRequest(String dcuId, String operation, String body)
                    throws ConsoleException {
                if (key == null) {
                    throw new ConsoleException(2, "this console has no operator key (serve -k PEM): it cannot sign "
                            + operation);
                }
                return client.request(dcuId, operation, body, key.sign(operation, dcuId, body, ttl));
            }

            @Override
            public String operatorKeyId() {
                return key == null ? null : key.keyId();
            }

            @Override
            public void subscribe(String filter, Handler handler) throws ConsoleException {
                client.subscribe(filter, (topic, m, check) -> handler.accept(topic, m.getPayload(), check));
            }

            @Override
            public void unsubscribe(String filter) {
                client.unsubscribe(filter);
            }
        };
    }
}
