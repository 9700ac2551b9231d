package io.fums.store.internal;

import io.fums.api.error.FumsException;
import io.fums.store.Database;
import io.fums.store.NonceRegistry;
import java.time.Clock;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/** Registers the {@link NonceRegistry} service on the store's database. */
@Component(name = "io.fums.store.nonce", service = NonceRegistry.class, configurationPid = StoreSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
public final class NonceRegistryComponent implements NonceRegistry {

    private final SqliteNonceRegistry registry;

    /**
     * Migrates the nonce schema.
     *
     * @param db the store's database
     * @param context the bundle context, for the framework properties
     * @param config the store configuration (for the grace period)
     * @param clock the DCU's wall clock, which judges expiry and pruning
     * @throws FumsException {@code CONFIG_INVALID} or {@code STORAGE_FAILED}:
     *     the component does not activate
     */
    @Activate
    public NonceRegistryComponent(@Reference(target = "(component.name=" + StoreComponent.NAME + ")") Database db,
            BundleContext context, StoreComponent.Config config, @Reference Clock clock) throws FumsException {
        StoreSettings s = StoreSettings.from(config, context::getProperty, System::getProperty);
        this.registry = new SqliteNonceRegistry(db, clock, s.nonceGrace());
    }

    @Override
    public boolean register(String issuerKeyId, String nonce, long expiresAtMillis) throws FumsException {
        return registry.register(issuerKeyId, nonce, expiresAtMillis);
    }

    @Override
    public int prune() throws FumsException {
        return registry.prune();
    }
}
