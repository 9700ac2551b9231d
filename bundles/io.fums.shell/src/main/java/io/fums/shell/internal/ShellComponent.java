package io.fums.shell.internal;

import io.fums.cloud.mqtt.CloudConnection;
import io.fums.deploy.SoftwareDeployment;
import io.fums.meter.access.MeterInventory;
import io.fums.meter.access.MeterKeys;
import io.fums.meter.reading.MeterReadings;
import io.fums.meter.upgrade.CampaignService;
import io.fums.store.AuditLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.felix.hc.api.HealthCheck;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Serves the technician's shell ({@code fums-dcu shell}) on a Unix domain socket, by default
 * {@code ${fums.data.dir}/run/shell.sock} (docs/technician.md). The services the commands use are optional and
 * dynamic: a command whose service is gone says so, the others keep working (e.g. during a software swap).
 */
@Component(immediate = true, service = {}, configurationPid = "io.fums.shell",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ShellComponent.Config.class)
public final class ShellComponent {

    /** The shell's settings (configuration PID {@code io.fums.shell}); the defaults suit a DCU. */
    @ObjectClassDefinition(name = "FUMS technician shell")
    public @interface Config {
        @AttributeDefinition(description = "The socket file; empty: ${fums.data.dir}/run/shell.sock")
        String socket() default "";

        @AttributeDefinition(description = "Sessions at once; one more is refused (CMD_QUEUE_FULL)", min = "1", max = "16")
        int maxSessions() default 2;

        @AttributeDefinition(description = "The longest command line in bytes; a longer one is refused (CMD_TOO_LARGE)",
                min = "64", max = "65536")
        int maxLineBytes() default 4096;

        @AttributeDefinition(description = "A session without input this long is closed", min = "1")
        int idleTimeoutSeconds() default 900;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SoftwareDeployment deployment;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CloudConnection cloud;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MeterInventory inventory;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MeterReadings readings;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MeterKeys keys;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CampaignService campaigns;
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, service = HealthCheck.class)
    private final List<Map.Entry<Map<String, Object>, HealthCheck>> healthChecks = new CopyOnWriteArrayList<>();

    private final ShellServer server;

    @Activate
    public ShellComponent(BundleContext context, Config config, @Reference AuditLog audit, @Reference Clock clock)
            throws IOException {
        Path socket = config.socket().isBlank()
                ? Path.of(context.getProperty("fums.data.dir"), "run", "shell.sock") : Path.of(config.socket());
        List<Command> all = new ArrayList<>();
        all.addAll(new HealthCommands(this::checks, () -> deployment, () -> cloud, () -> inventory).commands());
        all.addAll(new MeterCommands(() -> inventory, () -> readings, () -> keys).commands());
        all.addAll(new CampaignCommands(() -> campaigns).commands());
        all.addAll(new SoftwareShellCommands(() -> deployment).commands());
        all.addAll(new AuditCommands(audit, clock).commands());
        CommandTable table = new CommandTable(audit, all);
        String dcu = System.getenv().getOrDefault("FUMS_DCU_ID", context.getProperty("fums.dcu.id"));
        server = new ShellServer(socket, new ShellServer.Limits(config.maxSessions(), config.maxLineBytes(),
                Duration.ofSeconds(config.idleTimeoutSeconds())), table, who -> greeting(dcu, who));
        server.start();
    }

    static String greeting(String dcu, PeerIdentity who) {
        return "FUMS-DCU " + dcu + " technician shell. You are " + who.actor() + " (peer user " + who.peer() + ");"
                + " state changes are audited.\nType help for the commands, quit to leave.";
    }

    private List<HealthCommands.Check> checks() {
        List<HealthCommands.Check> out = new ArrayList<>();
        for (Map.Entry<Map<String, Object>, HealthCheck> e : healthChecks) {
            out.add(new HealthCommands.Check(String.valueOf(e.getKey().getOrDefault(HealthCheck.NAME, "health check")),
                    e.getValue()));
        }
        return out;
    }

    @Deactivate
    void deactivate() {
        server.close();
    }
}
