package io.fums.cloud.mqtt.standalone;

import io.fums.api.config.ConfigKeys;
import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.ArtifactDownloads;
import io.fums.cloud.mqtt.internal.ArtifactFetcher;
import io.fums.cloud.mqtt.internal.AuditHandler;
import io.fums.cloud.mqtt.internal.CloudConfig;
import io.fums.cloud.mqtt.internal.CloudLink;
import io.fums.cloud.mqtt.internal.CloudLinkComponent;
import io.fums.cloud.mqtt.internal.CloudSettings;
import io.fums.cloud.mqtt.internal.SoftwareHandler;
import io.fums.crypto.DeviceKeys;
import io.fums.deploy.SoftwareDeployment;
import io.fums.security.CommandGuard;
import io.fums.store.AuditLog;
import io.fums.store.Database;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds the cloud link, and its artifact downloads, outside OSGi.
 *
 * <p>The configuration is a map with the keys of the configuration PID
 * {@value #PID} (see {@code docs/mqtt-api.md}); a key it does not know is
 * refused ({@code CONFIG_INVALID}), a key it lacks has the PID's default.
 * Values are of the key's type, or a {@link Number} or a {@link String} that
 * converts to it. Unlike the bundle, it reads no environment variable and no
 * framework property: the data directory is given, and the DCU's id is the
 * configuration's {@code dcuId}.
 *
 * @since 1.0
 */
public final class CloudLinks {

    /** The configuration PID whose keys the configuration map uses. */
    public static final String PID = CloudSettings.PID;
    /** The DCU's signing key, under the data directory; created on first use (as the bundle does). */
    public static final String SIGNING_KEY_FILE = CloudLinkComponent.SIGNING_KEY_FILE;

    private CloudLinks() {
    }

    /**
     * A builder of a link.
     *
     * @param configuration the PID's keys and values
     * @param dataDir the DCU's data directory: the signing key, and the default download directory
     * @return the builder
     */
    public static Builder builder(Map<String, ?> configuration, Path dataDir) {
        return new Builder(Map.copyOf(configuration), Objects.requireNonNull(dataDir, "dataDir"));
    }

    /**
     * The artifact downloads (size limit, SHA-256 check, resumption, retries)
     * with the download settings of a configuration, as the bundle offers them
     * to request handlers; a download that does not fit the download folder's
     * file system is refused with {@code STORAGE_FULL} (no reserve is kept:
     * the bundle's own service keeps the store's {@code reserve.megabytes}).
     *
     * @param configuration the PID's keys and values (the whole configuration is checked)
     * @param dataDir the DCU's data directory (the default download directory is under it)
     * @return the downloads; thread-safe, one download at a time
     * @throws FumsException {@code CONFIG_MISSING}/{@code CONFIG_INVALID} for a bad configuration
     */
    public static ArtifactDownloads artifactDownloads(Map<String, ?> configuration, Path dataDir) throws FumsException {
        return ArtifactFetcher.of(settings(Map.copyOf(configuration), dataDir), null);
    }

    private static CloudSettings settings(Map<String, ?> configuration, Path dataDir) throws FumsException {
        ConfigKeys.check(configuration, CloudConfig.class, PID, Set.of());
        return CloudSettings.from(config(configuration), k -> null,
                k -> k.equals(CloudSettings.DATA_DIR_PROPERTY) ? dataDir.toString() : null);
    }

    /** The configuration annotation over a map, as Configuration Admin and SCR make it. */
    private static CloudConfig config(Map<String, ?> values) throws FumsException {
        for (Method m : CloudConfig.class.getDeclaredMethods()) {
            Object v = values.get(ConfigKeys.propertyName(m.getName()));
            if (v != null) {
                convert(m, v);
            }
        }
        return (CloudConfig) Proxy.newProxyInstance(CloudConfig.class.getClassLoader(), new Class<?>[] {CloudConfig.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "annotationType":
                            return CloudConfig.class;
                        case "toString":
                            return PID + values.keySet();
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            Object v = values.get(ConfigKeys.propertyName(method.getName()));
                            return v == null ? method.getDefaultValue() : convert(method, v);
                    }
                });
    }

    private static Object convert(Method m, Object v) throws FumsException {
        Class<?> t = m.getReturnType();
        try {
            if (t == String.class) {
                return v.toString();
            }
            if (t == boolean.class) {
                if (v instanceof Boolean) {
                    return v;
                }
                String s = v.toString().trim();
                if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                    return Boolean.parseBoolean(s);
                }
            } else if (t == int.class) {
                return v instanceof Number n ? Math.toIntExact(n.longValue()) : Integer.parseInt(v.toString().trim());
            } else if (t == long.class) {
                return v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim());
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // refused below
        }
        throw new FumsException(ErrorCode.CONFIG_INVALID, "configuration " + PID + ": "
                + ConfigKeys.propertyName(m.getName()) + " must be a " + t.getSimpleName() + ": '" + v + "'");
    }

    /**
     * Collects what the link works with. {@link #database}, {@link #guard}
     * and {@link #clock} are required; the others are optional.
     */
    public static final class Builder {

        private final Map<String, ?> configuration;
        private final Path dataDir;
        private Database database;
        private CommandGuard guard;
        private AuditLog audit;
        private Clock clock;
        private SoftwareDeployment software;
        private boolean auditRequests;

        private Builder(Map<String, ?> configuration, Path dataDir) {
            this.configuration = configuration;
            this.dataDir = dataDir;
        }

        /** The database of the outbox (events are durable in it before {@code publish} returns). */
        public Builder database(Database value) {
            this.database = Objects.requireNonNull(value, "database");
            return this;
        }

        /** Admits state-changing requests; it must guard the configuration's {@code dcuId}. */
        public Builder guard(CommandGuard value) {
            this.guard = Objects.requireNonNull(value, "guard");
            return this;
        }

        /** Where the link records session stalls and broker failures; without one, nothing is audited by the link. */
        public Builder audit(AuditLog value) {
            this.audit = Objects.requireNonNull(value, "audit");
            return this;
        }

        /** The DCU's wall clock (timestamps of events, state and request expiry). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Serves the {@code software.*} operations and the {@code software}
         * state section with this deployment, downloading packages with the
         * configuration's download settings (as the bundle's software handler).
         * Needs {@link #audit}.
         */
        public Builder softwareDeployment(SoftwareDeployment value) {
            this.software = Objects.requireNonNull(value, "software deployment");
            return this;
        }

        /** Serves {@code audit.query} and {@code audit.verify} from {@link #audit} (as the bundle's audit handler). */
        public Builder auditRequests() {
            this.auditRequests = true;
            return this;
        }

        /**
         * Checks the configuration, loads (or creates) the DCU's signing key
         * and builds the link; {@link StandaloneCloudLink#start()} connects.
         *
         * @return the link, not started
         * @throws FumsException {@code CONFIG_MISSING}/{@code CONFIG_INVALID} for a bad configuration, a guard of
         *     another DCU or unusable TLS files; {@code STORAGE_FAILED} if the signing key cannot be read or written
         * @throws IllegalStateException if a required part, or the audit log that a handler needs, was not given
         */
        public StandaloneCloudLink build() throws FumsException {
            if (database == null || guard == null || clock == null) {
                throw new IllegalStateException("a cloud link needs a database, a command guard and a clock");
            }
            if ((software != null || auditRequests) && audit == null) {
                throw new IllegalStateException("the software and audit handlers need an audit log");
            }
            CloudSettings settings = settings(configuration, dataDir);
            DeviceId guarded = guard.dcuId();
            if (!settings.dcuId().equals(guarded)) {
                throw new FumsException(ErrorCode.CONFIG_INVALID, "cloud link DCU id " + settings.dcuId()
                        + " differs from the id the command guard admits commands for (" + guarded
                        + "): configure one id for the DCU");
            }
            CloudLink link = new CloudLink(settings, database, guard, audit, clock,
                    DeviceKeys.loadOrCreate(dataDir.resolve(SIGNING_KEY_FILE)).signer());
            if (software != null) {
                SoftwareHandler handler = new SoftwareHandler(software, ArtifactFetcher.of(settings, null), audit, () -> link,
                        () -> link, clock);
                link.addHandler(handler, SoftwareHandler.serviceProperties());
                link.addStateContributor(handler, SoftwareHandler.serviceProperties());
            }
            if (auditRequests) {
                link.addHandler(new AuditHandler(audit), AuditHandler.serviceProperties());
            }
            return link;
        }
    }
}
