package io.fums.cloud.mqtt.internal;

import io.fums.api.config.ConfigKeys;
import io.fums.api.error.FumsException;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * The health of the cloud link's configuration (tag {@value CloudLinkComponent#HC_TAG}, beside the link's own
 * check): CRITICAL with the reason while the link refuses its configuration (an unknown key, an invalid value; the
 * link component then does not run, so it cannot say so itself), OK otherwise. It reads the same configuration
 * (PID {@value CloudSettings#PID}) with the same checks as the link, and never refuses to run.
 */
@Component(service = HealthCheck.class, configurationPid = CloudSettings.PID, immediate = true,
        property = {HealthCheck.NAME + "=FUMS cloud link configuration",
            HealthCheck.TAGS + "=" + CloudLinkComponent.HC_TAG})
public final class CloudConfigCheck implements HealthCheck {

    /** What this component and the link declare themselves: not configuration keys. */
    static final Set<String> DECLARED = Set.of(HealthCheck.NAME, HealthCheck.TAGS);

    private final UnaryOperator<String> env;
    private final UnaryOperator<String> frameworkProperty;
    private volatile Result result;

    @Activate
    public CloudConfigCheck(BundleContext context, CloudConfig config, Map<String, Object> properties) {
        this(config, properties, System::getenv, context::getProperty);
    }

    CloudConfigCheck(CloudConfig config, Map<String, Object> properties, UnaryOperator<String> env,
                     UnaryOperator<String> frameworkProperty) {
        this.env = env;
        this.frameworkProperty = frameworkProperty;
        this.result = judge(config, properties, env, frameworkProperty);
    }

    @Modified
    void modified(CloudConfig config, Map<String, Object> properties) {
        result = judge(config, properties, env, frameworkProperty);
    }

    @Override
    public Result execute() {
        return result;
    }

    static Result judge(CloudConfig config, Map<String, Object> properties, UnaryOperator<String> env,
                        UnaryOperator<String> frameworkProperty) {
        try {
            ConfigKeys.check(properties, CloudConfig.class, CloudSettings.PID, DECLARED);
            CloudSettings.from(config, env, frameworkProperty);
            return new Result(Result.Status.OK, "configuration " + CloudSettings.PID + " understood");
        } catch (FumsException e) {
            return new Result(Result.Status.CRITICAL, "degraded: the cloud link refuses its configuration, it does "
                    + "not run: " + e.code() + " " + e.getMessage());
        }
    }
}
