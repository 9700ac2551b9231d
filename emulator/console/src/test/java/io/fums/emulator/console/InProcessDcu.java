package io.fums.emulator.console;

import io.fums.api.device.DeviceId;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.standalone.CloudLinks;
import io.fums.cloud.mqtt.standalone.StandaloneCloudLink;
import io.fums.crypto.command.CommandLimits;
import io.fums.crypto.command.DefaultCommandVerifier;
import io.fums.crypto.pkg.DefaultPackageVerifier;
import io.fums.crypto.pkg.PackageLimits;
import io.fums.crypto.sign.TrustSource;
import io.fums.security.CommandGuard;
import io.fums.security.Guards;
import io.fums.store.AuditEntry;
import io.fums.store.AuditLog;
import io.fums.store.AuditQuery;
import io.fums.store.ClosableDatabase;
import io.fums.store.NonceRegistry;
import io.fums.store.Stores;
import io.fums.testsupport.Conditions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A DCU's cloud side in this JVM: the real cloud link (Paho, router, outbox),
 * SQLite store, audit log, nonce registry, command guard (io.fums.security),
 * command and package verification, with a software deployment that verifies
 * packages but swaps nothing.
 * {@link #restart()} closes everything and opens it again on the same data,
 * as a DCU restart does.
 */
final class InProcessDcu implements AutoCloseable {

    final String id;
    final Path data;
    private final Fixtures fx;
    private final Map<String, Object> config = new HashMap<>();
    private final Clock clock = Clock.systemUTC();
    private ClosableDatabase db;
    AuditLog audit;
    FakeSoftwareDeployment deployment;
    StandaloneCloudLink link;

    InProcessDcu(String id, Path data, Fixtures fx, String brokerUrl) {
        this.id = id;
        this.data = data;
        this.fx = fx;
        config.put("dcuId", id);
        config.put("brokerUrl", brokerUrl);
        // StalledSessionIT and MosquittoCloudLinkIT run on plain tcp:// on purpose (see their comments); the
        // others give an ssl:// URL and the DCU's TLS files (HiveMqCloudLinkIT, TlsScenarios)
        config.put("allowInsecure", brokerUrl.startsWith("tcp://"));
        config.put("reconnectMinMillis", 200L);
        config.put("reconnectMaxMillis", 2000L);
        config.put("downloadDir", data.resolve("downloads").toString());
        config.put("downloadAttempts", 3);
    }

    /** Overrides a configuration value (a key of the PID io.fums.cloud.mqtt) before {@link #start()}. */
    InProcessDcu with(String name, Object value) {
        config.put(name, value);
        return this;
    }

    InProcessDcu start() throws Exception {
        db = Stores.openDatabase(data);
        audit = Stores.auditLog(db, clock);
        NonceRegistry nonces = Stores.nonceRegistry(db, clock, Duration.ofHours(24));
        Path trust = fx.writeTrustStore(data);
        DefaultCommandVerifier commands = new DefaultCommandVerifier(TrustSource.file(trust), CommandLimits.DEFAULTS);
        CommandGuard guard = Guards.commandGuard(DeviceId.of(id), commands, nonces, audit, clock, Duration.ofMinutes(5));
        if (deployment == null) {
            deployment = new FakeSoftwareDeployment(new DefaultPackageVerifier(TrustSource.file(trust), PackageLimits.DEFAULTS),
                    audit);
        }
        link = CloudLinks.builder(config, data).database(db).guard(guard).audit(audit).clock(clock)
                .softwareDeployment(deployment).auditRequests().build();
        link.start();
        return this;
    }

    /** Waits until the link is connected. */
    InProcessDcu awaitConnected(Duration timeout) {
        Conditions.await(id + " connects", timeout).until(link::isConnected);
        return this;
    }

    /** Stops the link and closes the database (the outbox keeps what is pending). */
    void stop() {
        if (link != null) {
            link.close();
            link = null;
        }
        if (db != null) {
            db.close();
            db = null;
        }
    }

    void restart() throws Exception {
        stop();
        start();
    }

    /** Audit entries, newest first. */
    List<AuditEntry> audit(String action) throws FumsException {
        return audit.query(AuditQuery.builder().action(action).limit(1000).build());
    }

    @Override
    public void close() {
        stop();
    }
}
