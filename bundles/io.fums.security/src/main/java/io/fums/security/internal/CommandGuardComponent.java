package io.fums.security.internal;

import io.fums.api.device.DeviceId;
import io.fums.api.error.FumsException;
import io.fums.crypto.CommandVerifier;
import io.fums.crypto.VerifiedCommand;
import io.fums.security.CommandGuard;
import io.fums.store.AuditLog;
import io.fums.store.NonceRegistry;
import java.time.Clock;
import java.time.Duration;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/** The {@link CommandGuard} service: a thin wrapper over {@link AuditedCommandGuard}. */
@Component(service = CommandGuard.class, configurationPid = SecurityConfig.PID)
@Designate(ocd = SecurityConfig.class)
public final class CommandGuardComponent implements CommandGuard {

    private final CommandGuard delegate;

    @Activate
    public CommandGuardComponent(BundleContext context, SecurityConfig config, @Reference CommandVerifier verifier,
                                 @Reference NonceRegistry nonces, @Reference AuditLog audit, @Reference Clock clock) {
        int skew = Math.max(0, Math.min(3600, config.maxSkewSeconds()));
        this.delegate = new AuditedCommandGuard(SecurityConfig.Ids.dcuId(context), verifier, nonces, audit, clock,
                Duration.ofSeconds(skew));
    }

    @Override
    public DeviceId dcuId() {
        return delegate.dcuId();
    }

    @Override
    public VerifiedCommand admit(byte[] envelope, String expectedOperation, String channel, RequestCheck check)
            throws FumsException {
        return delegate.admit(envelope, expectedOperation, channel, check);
    }

    @Override
    public FumsException refuse(FumsException why, String operation, String channel) {
        return delegate.refuse(why, operation, channel);
    }
}
