package io.fums.cloud.mqtt.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudConnection;
import io.fums.cloud.mqtt.CloudEvent;
import io.fums.cloud.mqtt.CloudPublisher;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.RequestHandler;
import io.fums.cloud.mqtt.ResponseStatus;
import io.fums.cloud.mqtt.StateContributor;
import io.fums.cloud.mqtt.support.Body;
import io.fums.deploy.InstalledBundle;
import io.fums.deploy.SoftwareDeployment;
import io.fums.deploy.SwapRecord;
import io.fums.deploy.SwapResult;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code software.*} operations over {@link SoftwareDeployment}, and the
 * {@code software} section of the DCU's state.
 *
 * <ul>
 * <li>{@code software.list} (GET): the committed set and every bundle.</li>
 * <li>{@code software.history} (GET): the latest swaps.</li>
 * <li>{@code software.apply} (EXEC): downloads the package from the signed
 *     URL (Range resume, size limit, the signed SHA-256), then applies it.</li>
 * <li>{@code software.rollback} (EXEC): back to the previous committed set.</li>
 * </ul>
 * After a swap, a {@code software} event is published and the state refreshed.
 */
public final class SoftwareHandler implements RequestHandler, StateContributor {

    /** Every operation served. */
    public static final String[] OPERATIONS = {"software.list", "software.history", "software.apply",
        "software.rollback"};
    /** The read-only ones. */
    public static final String[] READ_ONLY = {"software.list", "software.history"};
    /** The state section. */
    public static final String SECTION = "software";

    private static final Logger LOG = LoggerFactory.getLogger(SoftwareHandler.class);

    private final SoftwareDeployment deployment;
    private final ArtifactFetcher fetcher;
    private final AuditLog audit;
    private final Supplier<CloudPublisher> publisher;
    private final Supplier<CloudConnection> connection;
    private final Clock clock;

    /**
     * @param publisher  where swap events go (may supply null: no event)
     * @param connection whose state to refresh after a swap (may supply null)
     * @param clock      the DCU's wall clock: the time of the swap events
     */
    public SoftwareHandler(SoftwareDeployment deployment, ArtifactFetcher fetcher, AuditLog audit,
                           Supplier<CloudPublisher> publisher, Supplier<CloudConnection> connection, Clock clock) {
        this.deployment = deployment;
        this.fetcher = fetcher;
        this.audit = audit;
        this.publisher = publisher;
        this.connection = connection;
        this.clock = clock;
    }

    /** The service properties this handler registers with. */
    public static Map<String, Object> serviceProperties() {
        return Map.of(RequestHandler.OPERATIONS, OPERATIONS, RequestHandler.READ_ONLY, READ_ONLY,
                StateContributor.SECTION, SECTION);
    }

    @Override
    public CloudResponse handle(CloudRequest request) throws FumsException {
        return switch (request.operation()) {
            case "software.list" -> list(request);
            case "software.history" -> history(request);
            case "software.apply" -> apply(request);
            case "software.rollback" -> rollback(request);
            default -> throw new FumsException(ErrorCode.CMD_UNKNOWN, "not a software operation: " + request.operation());
        };
    }

    private CloudResponse list(CloudRequest request) throws FumsException {
        Body.of(request, Set.of());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("committed", SoftwareJson.set(deployment.committed()));
        List<Map<String, Object>> bundles = new ArrayList<>();
        for (InstalledBundle b : deployment.bundles()) {
            bundles.add(SoftwareJson.bundle(b));
        }
        data.put("bundles", bundles);
        return CloudResponse.ok(data);
    }

    private CloudResponse history(CloudRequest request) throws FumsException {
        Body body = Body.of(request, Set.of("limit"));
        int limit = (int) body.optLong("limit", 20, 1, 1000);
        List<Map<String, Object>> swaps = new ArrayList<>();
        for (SwapRecord r : deployment.history(limit)) {
            swaps.add(SoftwareJson.record(r));
        }
        return CloudResponse.ok(Map.of("swaps", swaps));
    }

    private CloudResponse apply(CloudRequest request) throws FumsException {
        Body body = Body.of(request, Set.of("url", "sha256", "size"));
        String url = body.string("url");
        String sha256 = body.string("sha256");
        long size = body.optLong("size", -1, 0, Long.MAX_VALUE);
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new FumsException(ErrorCode.CMD_MALFORMED, "software.apply: url is not a URL: " + e.getReason());
        }
        Path file;
        try {
            file = fetcher.fetch(uri, sha256, size);
            auditFetch(request, url, sha256, null, "downloaded");
        } catch (FumsException e) {
            auditFetch(request, url, sha256, e, e.getMessage());
            throw e;
        }
        try {
            SwapResult result = deployment.apply(file);
            return swapped(request, result);
        } finally {
            deleteQuietly(file);
        }
    }

    private CloudResponse rollback(CloudRequest request) throws FumsException {
        Body.of(request, Set.of());
        return swapped(request, deployment.rollback());
    }

    private CloudResponse swapped(CloudRequest request, SwapResult result) {
        Map<String, Object> data = SoftwareJson.result(result);
        publishEvent(request, data);
        CloudConnection c = connection.get();
        if (c != null) {
            c.refreshState();
        }
        if (result.committed()) {
            return CloudResponse.ok(result.message(), data);
        }
        return CloudResponse.error(ResponseStatus.FAILED, result.code() == null ? ErrorCode.SWAP_FAILED : result.code(),
                result.message(), data);
    }

    private void publishEvent(CloudRequest request, Map<String, Object> result) {
        CloudPublisher p = publisher.get();
        if (p == null) {
            return;
        }
        try {
            p.publish(CloudEvent.builder("software")
                    .time(clock.instant())
                    .data("operation", request.operation())
                    .data("requestId", request.requestId())
                    .data("operator", request.actor())
                    .data("result", result)
                    .build());
        } catch (FumsException | RuntimeException e) {
            LOG.error("software event of {} not recorded: {}", request, e.toString());
        }
    }

    private void auditFetch(CloudRequest request, String url, String sha256, FumsException failure, String message) {
        AuditEvent.Builder b = AuditEvent.builder(request.actor(), "software.fetch").subject(url)
                .detail("sha256", sha256).detail("requestId", request.requestId()).detail("message", message);
        if (failure != null) {
            b.refused(failure.code());
        }
        try {
            audit.append(b.build());
        } catch (FumsException e) {
            LOG.error("audit of software.fetch failed: {}", e.toString());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.toString());
        }
    }

    @Override
    public Object state() {
        return SoftwareJson.state(deployment.committed(), deployment.bundles());
    }
}
