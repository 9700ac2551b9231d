package io.fums.cm.internal;

import java.io.File;
import java.util.Hashtable;
import org.apache.felix.cm.PersistenceManager;
import org.osgi.annotation.bundle.Header;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * Registers the durable persistence manager under the name the launcher gives
 * Configuration Admin ({@code felix.cm.pm=fums-durable}), on the launcher's
 * store folder ({@code felix.cm.dir}). A plain activator, not a DS component:
 * Declarative Services itself waits for Configuration Admin, which waits for
 * this service.
 */
@Header(name = Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class Activator implements BundleActivator {

    private ServiceRegistration<PersistenceManager> registration;

    @Override
    public void start(BundleContext context) {
        String dir = context.getProperty("felix.cm.dir");
        String location = dir != null && !dir.isBlank() ? dir : new File("config").getAbsolutePath();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("name", DurablePersistenceManager.NAME);
        props.put(Constants.SERVICE_DESCRIPTION, "Configuration Admin's file store, fsynced (FUMS-DCU)");
        registration = context.registerService(PersistenceManager.class,
                new DurablePersistenceManager(context, location), props);
    }

    @Override
    public void stop(BundleContext context) {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }
}
