package io.fums.shell.internal;

import io.fums.api.error.FumsException;
import io.fums.api.software.SoftwareSet;
import io.fums.deploy.InstalledBundle;
import io.fums.deploy.SoftwareDeployment;
import io.fums.deploy.SwapRecord;
import io.fums.deploy.SwapResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo commands for a technician on site (scope {@code fums}):
 * <pre>
 * fums:software            the committed features and every bundle with its state
 * fums:apply FILE          verify and swap in a signed dcu-software package
 * fums:rollback            swap back to the previous committed set
 * fums:history [N]         the last N swaps (default 20)
 * </pre>
 * Each command prints its outcome; a refusal prints the error code and message.
 */
@Component(service = SoftwareCommands.class, property = {
    "osgi.command.scope=fums",
    "osgi.command.function=software",
    "osgi.command.function=apply",
    "osgi.command.function=rollback",
    "osgi.command.function=history"
})
public final class SoftwareCommands {

    private final SoftwareDeployment deployment;

    @Activate
    public SoftwareCommands(@Reference SoftwareDeployment deployment) {
        this.deployment = deployment;
    }

    public String software() {
        SoftwareSet set = deployment.committed();
        StringBuilder b = new StringBuilder();
        b.append("committed software set: generation ").append(set.generation());
        if (set.generation() > 0) {
            b.append(", committed ").append(set.committed());
        }
        b.append('\n');
        for (SoftwareSet.Feature f : set.features()) {
            b.append("  feature ").append(f.name()).append(' ').append(f.version()).append('\n');
        }
        b.append(String.format("%-4s %-45s %-22s %-9s %s%n", "lvl", "bundle", "version", "state", "feature"));
        List<InstalledBundle> bundles = deployment.bundles();
        bundles.sort(Comparator.comparing(InstalledBundle::startLevel).thenComparing(InstalledBundle::symbolicName));
        for (InstalledBundle x : bundles) {
            b.append(String.format("%-4d %-45s %-22s %-9s %s%n", x.startLevel(), x.symbolicName(), x.version(), x.state(), x.feature()));
        }
        return b.toString();
    }

    public String apply(String file) {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            return "apply: no such file: " + file;
        }
        try {
            return describe(deployment.apply(path));
        } catch (FumsException e) {
            return "apply: refused: " + e.code() + ": " + e.getMessage();
        }
    }

    public String rollback() {
        try {
            return describe(deployment.rollback());
        } catch (FumsException e) {
            return "rollback: refused: " + e.code() + ": " + e.getMessage();
        }
    }

    public String history() {
        return history(20);
    }

    public String history(int n) {
        try {
            StringBuilder b = new StringBuilder();
            for (SwapRecord r : deployment.history(Math.max(1, Math.min(n, 1000)))) {
                b.append(String.format("%s  %-12s %-20s %s -> %s  %s%s%n", r.ended(), r.outcome(), r.feature(), r.from(), r.to(),
                        r.code() == null ? "" : r.code() + ": ", r.message()));
            }
            return b.length() == 0 ? "no swaps yet" : b.toString();
        } catch (FumsException e) {
            return "history: " + e.code() + ": " + e.getMessage();
        }
    }

    static String describe(SwapResult r) {
        return "swap " + r.txId() + ": " + r.outcome() + " (" + r.durationMillis() + " ms): "
                + (r.code() == null ? "" : r.code() + ": ") + r.message();
    }
}
