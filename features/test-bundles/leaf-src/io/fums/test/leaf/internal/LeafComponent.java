package io.fums.test.leaf.internal;

import io.fums.test.lib.Words;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The leaf feature's component, one source for every test variant. The
 * variant's manifest header {@code Leaf-Behaviour} selects how it misbehaves:
 * {@code ok}, {@code fail-activate} (activate throws) or {@code unhealthy}
 * (its health check, tag {@code leaf}, is CRITICAL).
 */
@Component(service = HealthCheck.class, property = {"hc.name=leaf", "hc.tags=leaf"})
public final class LeafComponent implements HealthCheck {

    private final String behaviour;
    private final String version;

    @Activate
    public LeafComponent(BundleContext context) {
        this.behaviour = String.valueOf(context.getBundle().getHeaders().get("Leaf-Behaviour"));
        this.version = context.getBundle().getVersion().toString();
        if (behaviour.equals("fail-activate")) {
            throw new IllegalStateException("leaf " + version + " refuses to activate (test fixture)");
        }
        Words.greeting("leaf " + version);
    }

    @Override
    public Result execute() {
        return behaviour.equals("unhealthy")
                ? new Result(Result.Status.CRITICAL, "leaf " + version + " is unhealthy (test fixture)")
                : new Result(Result.Status.OK, Words.greeting("leaf " + version));
    }
}
