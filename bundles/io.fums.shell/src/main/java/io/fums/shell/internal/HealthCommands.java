package io.fums.shell.internal;

import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudConnection;
import io.fums.deploy.InstalledBundle;
import io.fums.deploy.SoftwareDeployment;
import io.fums.meter.access.MeterInventory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;

/** health and cloud: is the DCU well, and is its cloud link up. */
final class HealthCommands {

    /** A registered health check with its name. */
    record Check(String name, HealthCheck check) {
    }

    static final int MAX_MESSAGES = 10;
    static final int MAX_MESSAGE_CHARS = 200;

    private final Supplier<List<Check>> checks;
    private final Supplier<SoftwareDeployment> deployment;
    private final Supplier<CloudConnection> cloud;
    private final Supplier<MeterInventory> inventory;

    HealthCommands(Supplier<List<Check>> checks, Supplier<SoftwareDeployment> deployment, Supplier<CloudConnection> cloud,
                   Supplier<MeterInventory> inventory) {
        this.checks = checks;
        this.deployment = deployment;
        this.cloud = cloud;
        this.inventory = inventory;
    }

    List<Command> commands() {
        return List.of(
                Command.readOnly("health", "the DCU's health: every health check, bundles, software, cloud link, meters",
                        "health", "health", 0, 0, a -> health()),
                Command.readOnly("cloud", "the cloud link: connected, events waiting in the outbox, last acknowledgement",
                        "cloud", "cloud", 0, 0, a -> cloud()));
    }

    private String health() throws FumsException {
        StringBuilder b = new StringBuilder();
        boolean healthy = true;
        for (Check c : checks.get()) {
            Result r;
            try {
                r = c.check().execute();
            } catch (RuntimeException e) {
                b.append(String.format("  %-9s %s: %s%n", "CRITICAL", c.name(), e));
                healthy = false;
                continue;
            }
            healthy &= r.isOk();
            List<String> messages = messages(r);
            b.append(String.format("  %-9s %s%s%n", r.getStatus(), c.name(), messages.isEmpty() ? "" : ": " + messages.get(0)));
            for (String m : messages.subList(Math.min(1, messages.size()), messages.size())) {
                b.append("            ").append(m).append('\n');
            }
        }
        SoftwareDeployment d = deployment.get();
        if (d != null) {
            List<InstalledBundle> bundles = d.bundles();
            List<String> notActive = bundles.stream().filter(x -> !"ACTIVE".equals(x.state()))
                    .map(x -> x.symbolicName() + " " + x.state()).toList();
            healthy &= notActive.isEmpty();
            b.append(String.format("  %-9s bundles: %d, not active: %s%n", notActive.isEmpty() ? "OK" : "WARN",
                    bundles.size(), notActive.isEmpty() ? "none" : String.join(", ", notActive)));
            b.append(String.format("  %-9s software generation %d%n", "OK", d.committed().generation()));
        }
        CloudConnection c = cloud.get();
        b.append(String.format("  %-9s cloud link: %s%n", c != null && c.isConnected() ? "OK" : "WARN",
                c == null ? "not running" : c.isConnected() ? "connected" : "disconnected"));
        MeterInventory inv = inventory.get();
        if (inv != null) {
            String problem = inv.problem().orElse(null);
            b.append(String.format("  %-9s meters: %d, suspect: %d%s%n", problem == null ? "OK" : "WARN", inv.meters().size(),
                    inv.suspects().size(), problem == null ? "" : "; " + problem));
            healthy &= problem == null;
        }
        return (healthy ? "DCU healthy" : "DCU degraded") + "\n" + b;
    }

    /**
     * Every message a check logged (not its debug lines), each on one line of at most {@value #MAX_MESSAGE_CHARS}
     * characters; at most {@value #MAX_MESSAGES} of them and then how many more.
     */
    static List<String> messages(Result r) {
        List<String> out = new ArrayList<>();
        int more = 0;
        for (ResultLog.Entry e : r) {
            if (e.isDebug()) {
                continue;
            }
            if (out.size() == MAX_MESSAGES) {
                more++;
                continue;
            }
            String m = String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip();
            String status = e.getStatus() == r.getStatus() ? "" : e.getStatus() + " ";
            m = status + m;
            out.add(m.length() <= MAX_MESSAGE_CHARS ? m : m.substring(0, MAX_MESSAGE_CHARS - 1) + "\u2026");
        }
        if (more > 0) {
            out.add("(" + more + " more messages)");
        }
        return out;
    }

    private String cloud() throws FumsException {
        CloudConnection c = Services.need(cloud, "the cloud link");
        return "dcu id:       " + c.dcuId() + "\n"
                + "connected:    " + (c.isConnected() ? "yes" : "no") + "\n"
                + "outbox depth: " + c.pendingEvents() + " events not yet acknowledged by the broker\n"
                + "last ack:     " + c.lastAcknowledged().map(Object::toString).orElse("none since the DCU started") + "\n";
    }
}
