package io.fums.cloud.mqtt.internal;

import io.fums.cloud.mqtt.RequestHandler;
import io.fums.cloud.mqtt.client.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request handlers currently registered (OSGi whiteboard), by operation.
 * When several claim an operation, the highest {@code service.ranking} wins,
 * then the lowest {@code service.id}. Thread-safe.
 */
public final class HandlerRegistry {

    /** A registered handler for one operation. */
    public record Route(RequestHandler handler, boolean readOnly, boolean dualControl, int ranking, long serviceId) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(HandlerRegistry.class);
    private static final Comparator<Route> PRECEDENCE = Comparator.comparingInt(Route::ranking).reversed()
            .thenComparingLong(Route::serviceId);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, List<Route>> routes = new java.util.HashMap<>();
    private long nextLocalId = Long.MAX_VALUE / 2;

    /**
     * Adds a handler with its service properties.
     *
     * @return the operations it was registered for (empty if its properties are invalid)
     */
    public Set<String> add(RequestHandler handler, Map<String, ?> properties) {
        Set<String> ops = strings(properties.get(RequestHandler.OPERATIONS));
        Set<String> readOnly = strings(properties.get(RequestHandler.READ_ONLY));
        Set<String> dual = strings(properties.get(RequestHandler.DUAL_CONTROL));
        for (String op : ops) {
            if (!Topics.OPERATION.matcher(op).matches()) {
                LOG.error("request handler {} ignored: operation '{}' is not of the form {}", handler, op,
                        Topics.OPERATION.pattern());
                return Set.of();
            }
        }
        if (!ops.containsAll(readOnly)) {
            LOG.error("request handler {} ignored: read-only operations {} are not all among its operations {}",
                    handler, readOnly, ops);
            return Set.of();
        }
        if (!ops.containsAll(dual) || dual.stream().anyMatch(readOnly::contains)) {
            LOG.error("request handler {} ignored: dual-control operations {} are not all state-changing operations of {}",
                    handler, dual, ops);
            return Set.of();
        }
        if (ops.isEmpty()) {
            LOG.error("request handler {} ignored: no {} property", handler, RequestHandler.OPERATIONS);
            return Set.of();
        }
        int ranking = properties.get("service.ranking") instanceof Integer r ? r : 0;
        lock.lock();
        try {
            long id = properties.get("service.id") instanceof Long l ? l : nextLocalId++;
            for (String op : ops) {
                List<Route> list = routes.computeIfAbsent(op, k -> new ArrayList<>());
                list.add(new Route(handler, readOnly.contains(op), dual.contains(op), ranking, id));
                list.sort(PRECEDENCE);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        LOG.info("request handler {} serves {} (read-only: {}, dual control: {})", handler.getClass().getName(), ops, readOnly,
                dual);
        return ops;
    }

    /** Removes a handler from every operation. */
    public void remove(RequestHandler handler) {
        lock.lock();
        try {
            routes.values().forEach(list -> list.removeIf(r -> r.handler() == handler));
            routes.values().removeIf(List::isEmpty);
        } finally {
            lock.unlock();
        }
    }

    /** The route of an operation now. */
    public Optional<Route> route(String operation) {
        lock.lock();
        try {
            List<Route> list = routes.get(operation);
            return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
        } finally {
            lock.unlock();
        }
    }

    /** The route of an operation, waiting up to {@code millis} for a handler to be registered. */
    public Optional<Route> await(String operation, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lock();
        try {
            while (true) {
                Optional<Route> r = route(operation);
                long left = deadline - System.nanoTime();
                if (r.isPresent() || left <= 0) {
                    return r;
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return route(operation);
        } finally {
            lock.unlock();
        }
    }

    /** Every operation served now, sorted. */
    public Set<String> operations() {
        lock.lock();
        try {
            return new TreeSet<>(routes.keySet());
        } finally {
            lock.unlock();
        }
    }

    private static Set<String> strings(Object value) {
        Set<String> out = new TreeSet<>();
        if (value instanceof String s) {
            out.add(s.trim());
        } else if (value instanceof String[] a) {
            for (String s : a) {
                out.add(s.trim());
            }
        } else if (value instanceof Collection<?> c) {
            for (Object o : c) {
                out.add(String.valueOf(o).trim());
            }
        }
        out.remove("");
        return out;
    }
}
