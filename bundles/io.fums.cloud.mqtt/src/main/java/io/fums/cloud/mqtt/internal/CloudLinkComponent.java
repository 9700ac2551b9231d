package io.fums.cloud.mqtt.internal;

import io.fums.api.config.ConfigKeys;
import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudConnection;
import io.fums.cloud.mqtt.CloudEvent;
import io.fums.cloud.mqtt.CloudPublisher;
import io.fums.cloud.mqtt.CloudSubscriber;
import io.fums.cloud.mqtt.RequestHandler;
import io.fums.cloud.mqtt.StateContributor;
import io.fums.crypto.DeviceKeys;
import io.fums.security.CommandGuard;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import io.fums.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud link as a DS component (PID {@value CloudSettings#PID}): registers
 * {@link CloudPublisher} and {@link CloudConnection}, and collects the
 * {@link RequestHandler}, {@link CloudSubscriber} and {@link StateContributor}
 * services (whiteboard). A configuration change restarts the link.
 *
 * <p>Also a Felix health check (tag {@value #HC_TAG}): WARN ("degraded") while
 * the link is a plain tcp:// one (allowInsecure), or TLS without a client
 * certificate; OK otherwise, connected or not (a broker outage is not the DCU's fault).
 */
@Component(service = {CloudPublisher.class, CloudConnection.class, HealthCheck.class},
        configurationPid = CloudSettings.PID, immediate = true,
        property = {HealthCheck.NAME + "=FUMS cloud link", HealthCheck.TAGS + "=" + CloudLinkComponent.HC_TAG})
@Designate(ocd = CloudConfig.class)
public final class CloudLinkComponent implements CloudPublisher, CloudConnection, HealthCheck {

    /** The DCU's signing key, relative to the data directory (PEM PKCS#8, mode 0600). */
    public static final String SIGNING_KEY_FILE = "keys/dcu-signing.key.pem";
    /** The tag of the cloud link's health check. */
    public static final String HC_TAG = "cloud";

    private static final Logger LOG = LoggerFactory.getLogger(CloudLinkComponent.class);

    private final CloudLink link;

    /**
     * Validates the configuration (with FUMS_DCU_ID / FUMS_MQTT_URL) and builds the link.
     *
     * @throws FumsException {@code CONFIG_MISSING}/{@code CONFIG_INVALID}: the component does not start
     */
    @Activate
    public CloudLinkComponent(BundleContext context, CloudConfig config, Map<String, Object> properties,
                              @Reference Database database, @Reference CommandGuard guard, @Reference AuditLog audit,
                              @Reference Clock clock) throws FumsException {
        CloudSettings settings;
        try {
            ConfigKeys.check(properties, CloudConfig.class, CloudSettings.PID,
                    CloudConfigCheck.DECLARED);
            settings = CloudSettings.from(config, System::getenv, context::getProperty);
        } catch (FumsException e) {
            // in the journal, not only in SCR's log: the operator must see why the DCU stays off the cloud
            LOG.error("cloud link not started: {} {}", e.code(), e.getMessage());
            auditRefused(audit, e);
            throw e;
        }
        DeviceId guarded = guard.dcuId();
        if (guarded == null) {
            throw new FumsException(ErrorCode.CONFIG_MISSING, "the command guard has no DCU id (FUMS_DCU_ID or "
                    + "framework property " + CloudSettings.DCU_ID_PROPERTY + "): no command could be admitted");
        }
        if (!settings.dcuId().equals(guarded)) {
            throw new FumsException(ErrorCode.CONFIG_INVALID, "cloud link DCU id " + settings.dcuId()
                    + " differs from the id the command guard admits commands for (" + guarded
                    + "): configure one id for the DCU");
        }
        Path keyFile = signingKeyFile(context);
        DeviceKeys.Loaded key;
        try {
            key = DeviceKeys.loadOrCreate(keyFile);
        } catch (FumsException e) {
            LOG.error("cloud link not started: {} {}", e.code(), e.getMessage());
            throw e;
        }
        LOG.info("DCU signing key {} ({}) {} {}", key.signer().keyId(), key.signer().algorithm(),
                key.created() ? "created in" : "loaded from", keyFile);
        if (key.created()) {
            audit.append(AuditEvent.builder("dcu", "dcu.signing-key.create").subject(settings.dcuId().value())
                    .detail("keyId", key.signer().keyId()).detail("file", keyFile.toString()).build());
        }
        this.link = new CloudLink(settings, database, guard, audit, clock, key.signer());
    }

    /** A configuration the link refuses is in the audit log, too (SEC-9): the record survives the log's rotation. */
    private static void auditRefused(AuditLog audit, FumsException e) {
        try {
            audit.append(AuditEvent.builder("dcu", "cloud.config.load").failed(e.code()).subject(CloudSettings.PID)
                    .detail("message", e.getMessage()).build());
        } catch (RuntimeException | FumsException x) {
            LOG.error("audit entry cloud.config.load not stored: {}", x.toString());
        }
    }

    /** {@code ${fums.data.dir}/keys/dcu-signing.key.pem}: the DCU's own signing key (SEC-6). */
    static Path signingKeyFile(BundleContext context) {
        String data = context.getProperty(CloudSettings.DATA_DIR_PROPERTY);
        return Path.of(data == null || data.isBlank() ? CloudSettings.DEFAULT_DATA_DIR : data)
                .resolve(SIGNING_KEY_FILE);
    }

    /** Starts once the handlers available now are bound. */
    @Activate
    void start() throws FumsException {
        link.start();
    }

    @Deactivate
    void stop() {
        link.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHandler(RequestHandler handler, Map<String, Object> properties) {
        link.addHandler(handler, properties);
    }

    void removeHandler(RequestHandler handler) {
        link.removeHandler(handler);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSubscriber(CloudSubscriber subscriber, Map<String, Object> properties) {
        link.addSubscriber(subscriber, properties);
    }

    void removeSubscriber(CloudSubscriber subscriber) {
        link.removeSubscriber(subscriber);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStateContributor(StateContributor contributor, Map<String, Object> properties) {
        link.addStateContributor(contributor, properties);
    }

    void removeStateContributor(StateContributor contributor, Map<String, Object> properties) {
        link.removeStateContributor(contributor, properties);
    }

    @Override
    public String publish(CloudEvent event) throws FumsException {
        return link.publish(event);
    }

    @Override
    public CompletionStage<String> publishAsync(CloudEvent event) {
        return link.publishAsync(event);
    }

    @Override
    public DeviceId dcuId() {
        return link.dcuId();
    }

    @Override
    public boolean isConnected() {
        return link.isConnected();
    }

    @Override
    public long pendingEvents() {
        return link.pendingEvents();
    }

    @Override
    public java.util.Optional<java.time.Instant> lastAcknowledged() {
        return link.lastAcknowledged();
    }

    @Override
    public void refreshState() {
        link.refreshState();
    }

    @Override
    public Result execute() {
        return health(link.settings(), link.isConnected());
    }

    /** The health of a link with these settings. */
    static Result health(CloudSettings s, boolean connected) {
        String where = s.brokerUrl() + (connected ? " (connected)" : " (not connected)");
        if (s.insecure()) {
            return new Result(Result.Status.WARN, "degraded: insecure plain tcp:// link to " + where
                    + ", admitted by allowInsecure: not encrypted, the broker not verified");
        }
        if (s.passwordOnly()) {
            return new Result(Result.Status.WARN, "degraded: TLS link to " + where + " without a client certificate "
                    + "(user name and password only)");
        }
        return new Result(Result.Status.OK, "TLS link with a client certificate to " + where);
    }
}
