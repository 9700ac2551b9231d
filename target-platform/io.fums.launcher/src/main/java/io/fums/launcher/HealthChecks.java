package io.fums.launcher;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Runs the DCU's Felix health checks (every {@code org.apache.felix.hc.api.HealthCheck} service: the meter
 * inventory, the cloud link and its configuration, the general checks of conf/config) from outside the framework.
 * The launcher sits on the flat classpath without the health check API, so it calls {@code execute()} and reads the
 * {@code Result} by reflection on the public API types; a check that throws or answers something else is reported
 * as failing with what went wrong.
 */
final class HealthChecks implements AutoCloseable {

    static final String SERVICE = "org.apache.felix.hc.api.HealthCheck";
    private static final String NAME = "hc.name";

    /** One check's verdict: its name, status (OK, WARN, CRITICAL, ...) and the message that says why. */
    record Verdict(String name, String status, boolean ok, String message) {
    }

    private final BundleContext context;
    private final ServiceTracker<Object, Object> tracker;

    /**
     * Tracks the checks from now on until {@link #close()}. A check's service is got once, when it is registered
     * (as the shell's reference does), never once a run: getting the service of a component that cannot activate
     * makes Declarative Services try again, and log the failure, every time.
     */
    HealthChecks(BundleContext context) {
        this.context = context;
        Filter filter;
        try {
            filter = context.createFilter("(" + Constants.OBJECTCLASS + "=" + SERVICE + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        this.tracker = new ServiceTracker<>(context, filter, null);
        tracker.open(true); // every check, whichever class loader its API comes from
    }

    /** Runs every registered check now, in name order. */
    List<Verdict> run() {
        ServiceReference<?>[] refs;
        try {
            refs = context.getAllServiceReferences(SERVICE, null);
        } catch (InvalidSyntaxException | IllegalStateException e) {
            return List.of();
        }
        List<Verdict> out = new ArrayList<>();
        if (refs != null) {
            for (ServiceReference<?> ref : refs) {
                out.add(run(ref));
            }
        }
        out.sort(Comparator.comparing(Verdict::name));
        return out;
    }

    private Verdict run(ServiceReference<?> ref) {
        Object name = ref.getProperty(NAME);
        String shown = name == null ? "health check " + ref.getProperty(Constants.SERVICE_ID) : String.valueOf(name);
        @SuppressWarnings("unchecked")
        Object check = tracker.getService((ServiceReference<Object>) ref);
        if (check == null) {
            return new Verdict(shown, "HEALTH_CHECK_ERROR", false,
                    "the check is not available: its component did not activate (the reason is in the DCU log)");
        }
        try {
            return verdict(shown, invoke(check, "execute"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            return new Verdict(shown, "HEALTH_CHECK_ERROR", false, "the check failed: " + cause);
        }
    }

    /** Stops tracking (the checks' services are released). */
    @Override
    public void close() {
        try {
            tracker.close();
        } catch (IllegalStateException stopped) {
            // the framework stopped first: its services are gone already
        }
    }

    /** A Result: its status, and its first message of that status (else its first message). */
    static Verdict verdict(String name, Object result) throws ReflectiveOperationException {
        if (result == null) {
            return new Verdict(name, "HEALTH_CHECK_ERROR", false, "the check returned no result");
        }
        String status = String.valueOf(invoke(result, "getStatus"));
        boolean ok = Boolean.TRUE.equals(invoke(result, "isOk"));
        String first = null;
        String same = null;
        for (Iterator<?> it = (Iterator<?>) invoke(result, "iterator"); it.hasNext(); ) {
            Object entry = it.next();
            String message = String.valueOf(invoke(entry, "getMessage"));
            first = first == null ? message : first;
            if (same == null && status.equals(String.valueOf(invoke(entry, "getStatus")))) {
                same = message;
            }
        }
        return new Verdict(name, status, ok, same != null ? same : first == null ? "" : first);
    }

    /** Calls a public no-argument method through a public type that declares it (the object's class may not be). */
    private static Object invoke(Object target, String method) throws ReflectiveOperationException {
        return publicMethod(target.getClass(), method).invoke(target);
    }

    private static Method publicMethod(Class<?> type, String name) throws NoSuchMethodException {
        for (Class<?> k = type; k != null; k = k.getSuperclass()) {
            if (Modifier.isPublic(k.getModifiers())) {
                try {
                    return k.getMethod(name);
                } catch (NoSuchMethodException next) {
                    // look further up
                }
            }
            for (Class<?> i : k.getInterfaces()) {
                if (Modifier.isPublic(i.getModifiers())) {
                    try {
                        return i.getMethod(name);
                    } catch (NoSuchMethodException next) {
                        // another interface
                    }
                }
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name + "() through a public type");
    }
}
