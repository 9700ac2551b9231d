package io.fums.cloud.meters.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.ArtifactDownloads;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.RequestHandler;
import io.fums.cloud.mqtt.support.Body;
import io.fums.meter.upgrade.CampaignService;
import io.fums.meter.upgrade.CampaignSpec;
import io.fums.meter.upgrade.CampaignStatus;
import io.fums.meter.upgrade.StagedFirmware;
import io.fums.meter.upgrade.Transition;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code firmware.*} and {@code campaign.*} operations over the
 * meter-upgrade agent's {@link CampaignService}.
 *
 * <ul>
 * <li>{@code firmware.stage} (EXEC): downloads a meter-firmware package from
 *     the signed URL (Range resume, size limit, the signed SHA-256) and stages
 *     it through the agent's security gate.</li>
 * <li>{@code firmware.list} (GET): the staged packages.</li>
 * <li>{@code campaign.create} (EXEC): a campaign from its specification
 *     (the {@code CampaignSpecJson} form).</li>
 * <li>{@code campaign.start|pause|resume|cancel} (EXEC): {@code {id}}.</li>
 * <li>{@code campaign.status} (GET): one campaign with every meter's job, or
 *     every campaign's summary.</li>
 * <li>{@code campaign.history} (GET): one meter's journalled transitions.</li>
 * </ul>
 * Without the agent (its bundle not installed, stopped, or its service not
 * satisfied) every operation is refused with {@code CMD_UNKNOWN} and a
 * message that says so.
 */
public final class CampaignHandler implements RequestHandler {

    /** Every operation served. */
    public static final String[] OPERATIONS = {"firmware.stage", "firmware.list", "campaign.create", "campaign.start",
        "campaign.pause", "campaign.resume", "campaign.cancel", "campaign.status", "campaign.history"};
    /** The read-only ones. */
    public static final String[] READ_ONLY = {"firmware.list", "campaign.status", "campaign.history"};

    private static final Logger LOG = LoggerFactory.getLogger(CampaignHandler.class);

    private final Supplier<CampaignService> campaigns;
    private final ArtifactDownloads downloads;
    private final AuditLog audit;

    /**
     * @param campaigns the agent, or a supplier of null while it is absent
     * @param downloads downloads firmware packages (the cloud link's)
     * @param audit     where downloads are audited
     */
    public CampaignHandler(Supplier<CampaignService> campaigns, ArtifactDownloads downloads, AuditLog audit) {
        this.campaigns = campaigns;
        this.downloads = downloads;
        this.audit = audit;
    }

    /** The service properties this handler registers with. */
    public static Map<String, Object> serviceProperties() {
        return Map.of(RequestHandler.OPERATIONS, OPERATIONS, RequestHandler.READ_ONLY, READ_ONLY);
    }

    @Override
    public CloudResponse handle(CloudRequest request) throws FumsException {
        String op = request.operation();
        try {
            return switch (op) {
                case "firmware.stage" -> stage(request);
                case "firmware.list" -> firmware(request);
                case "campaign.create" -> create(request);
                case "campaign.start", "campaign.pause", "campaign.resume", "campaign.cancel" -> control(request);
                case "campaign.status" -> status(request);
                case "campaign.history" -> history(request);
                default -> throw new FumsException(ErrorCode.CMD_UNKNOWN, "not a firmware or campaign operation: " + op);
            };
        } catch (FumsException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(op + ":")) {
                throw e;
            }
            throw new FumsException(e.code(), op + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new FumsException(ErrorCode.CMD_MALFORMED, op + ": " + e.getMessage(), e);
        } catch (NoClassDefFoundError e) {
            // the agent's packages are optional imports: without its bundle they are not wired
            throw new FumsException(ErrorCode.CMD_UNKNOWN, op + ": the meter-upgrade agent (io.fums.meter.upgrade) "
                    + "is not installed on this DCU");
        }
    }

    private CampaignService service(String operation) throws FumsException {
        CampaignService s = campaigns.get();
        if (s == null) {
            throw new FumsException(ErrorCode.CMD_UNKNOWN, operation + ": the meter-upgrade agent (io.fums.meter.upgrade) "
                    + "is not running on this DCU");
        }
        return s;
    }

    private CloudResponse stage(CloudRequest request) throws FumsException {
        String op = request.operation();
        Body body = Body.of(request, Set.of("url", "sha256", "size"));
        String url = body.string("url");
        String sha256 = body.string("sha256");
        long size = body.optLong("size", -1, 0, Long.MAX_VALUE);
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new FumsException(ErrorCode.CMD_MALFORMED, op + ": url is not a URL: " + e.getReason());
        }
        CampaignService service = service(op);
        Path file;
        try {
            file = downloads.fetch(uri, sha256, size);
            auditFetch(request, url, sha256, null, "downloaded");
        } catch (FumsException e) {
            auditFetch(request, url, sha256, e, e.getMessage());
            throw e;
        }
        try {
            StagedFirmware staged = service.stage(file, "mqtt");
            return CloudResponse.ok("staged " + staged.name() + " " + staged.version(), CampaignJson.firmware(staged));
        } finally {
            deleteQuietly(file);
        }
    }

    private CloudResponse firmware(CloudRequest request) throws FumsException {
        Body.of(request, Set.of());
        List<Map<String, Object>> list = new ArrayList<>();
        for (StagedFirmware f : service(request.operation()).firmware()) {
            list.add(CampaignJson.firmware(f));
        }
        return CloudResponse.ok(Map.of("firmware", list));
    }

    private CloudResponse create(CloudRequest request) throws FumsException {
        CampaignSpec spec = CampaignJson.spec(request.operation(), request.body());
        CampaignStatus s = service(request.operation()).create(spec);
        return CloudResponse.ok("campaign " + s.id() + " created: " + s.total() + " meter" + (s.total() == 1 ? "" : "s"),
                CampaignJson.status(s));
    }

    private CloudResponse control(CloudRequest request) throws FumsException {
        String op = request.operation();
        String id = Body.of(request, Set.of("id")).string("id");
        CampaignService service = service(op);
        CampaignStatus s = switch (op) {
            case "campaign.start" -> service.start(id);
            case "campaign.pause" -> service.pause(id);
            case "campaign.resume" -> service.resume(id);
            default -> service.cancel(id);
        };
        return CloudResponse.ok("campaign " + s.id() + " " + s.state(), CampaignJson.status(s));
    }

    private CloudResponse status(CloudRequest request) throws FumsException {
        String id = Body.of(request, Set.of("id")).optString("id");
        CampaignService service = service(request.operation());
        if (id != null) {
            return CloudResponse.ok(CampaignJson.status(service.status(id)));
        }
        List<Map<String, Object>> all = new ArrayList<>();
        for (CampaignStatus s : service.campaigns()) {
            all.add(CampaignJson.summary(s));
        }
        return CloudResponse.ok(Map.of("campaigns", all));
    }

    private CloudResponse history(CloudRequest request) throws FumsException {
        Body body = Body.of(request, Set.of("id", "meterId"));
        String id = body.string("id");
        String meterId = body.string("meterId");
        List<Map<String, Object>> transitions = new ArrayList<>();
        for (Transition t : service(request.operation()).history(id, meterId)) {
            transitions.add(CampaignJson.transition(t));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("campaign", id);
        data.put("meterId", meterId);
        data.put("transitions", transitions);
        return CloudResponse.ok(data);
    }

    private void auditFetch(CloudRequest request, String url, String sha256, FumsException failure, String message) {
        AuditEvent.Builder b = AuditEvent.builder(request.actor(), "firmware.fetch").subject(url)
                .detail("sha256", sha256).detail("requestId", request.requestId()).detail("message", message);
        if (failure != null) {
            b.refused(failure.code());
        }
        try {
            audit.append(b.build());
        } catch (FumsException e) {
            LOG.error("audit of firmware.fetch failed: {}", e.toString());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.toString());
        }
    }
}
