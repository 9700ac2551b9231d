package io.fums.meter.reading.internal;

import io.fums.dlms.link.LinkFactory;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The links of the inventory: a {@link LinkScheduler} per link id (a serial
 * link's name, or {@code tcp:HOST:PORT}), and for serial links the shared
 * port, opened through the {@link LinkFactory} service of that name when
 * one is registered. Thread-safe.
 */
final class LinkRegistry implements AutoCloseable {

    private final long bulkMaxWaitMillis;
    private final Map<String, LinkScheduler> schedulers = new ConcurrentHashMap<>();
    private final Map<String, SharedLink> serial = new ConcurrentHashMap<>();
    private final Map<String, LinkFactory> factories = new ConcurrentHashMap<>();

    LinkRegistry(long bulkMaxWaitMillis) {
        this.bulkMaxWaitMillis = bulkMaxWaitMillis;
    }

    LinkScheduler scheduler(String linkId) {
        return schedulers.computeIfAbsent(linkId, id -> new LinkScheduler(id, bulkMaxWaitMillis));
    }

    SharedLink serial(String linkId) {
        return serial.computeIfAbsent(linkId, id -> {
            SharedLink s = new SharedLink(id);
            s.factory(factories.get(id));
            return s;
        });
    }

    /** A {@link LinkFactory} service with {@code link.name=name} appeared. */
    void bind(String name, LinkFactory factory) {
        factories.put(name, factory);
        SharedLink s = serial.get(name);
        if (s != null) {
            s.factory(factory);
        }
    }

    /** It went away: its port is closed. */
    void unbind(String name, LinkFactory factory) {
        if (factories.remove(name, factory)) {
            SharedLink s = serial.get(name);
            if (s != null) {
                s.factory(null);
            }
        }
    }

    /** Closes the ports of serial links no longer in the inventory. */
    void retain(Set<String> linkIds) {
        serial.entrySet().removeIf(e -> {
            if (linkIds.contains(e.getKey())) {
                return false;
            }
            e.getValue().close();
            return true;
        });
    }

    @Override
    public void close() {
        serial.values().forEach(SharedLink::close);
        serial.clear();
    }
}
