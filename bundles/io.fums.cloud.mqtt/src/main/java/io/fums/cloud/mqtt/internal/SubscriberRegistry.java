package io.fums.cloud.mqtt.internal;

import io.fums.api.device.DeviceId;
import io.fums.cloud.mqtt.CloudMessage;
import io.fums.cloud.mqtt.CloudSubscriber;
import io.fums.cloud.mqtt.client.Topics;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CloudSubscriber} services, their topic filters, and delivery of
 * matching messages on one dispatch thread (in arrival order; a message that
 * finds the dispatch queue full is dropped and counted). Thread-safe.
 */
public final class SubscriberRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriberRegistry.class);

    private record Entry(CloudSubscriber subscriber, String relativeFilter, String filter) {
    }

    private final DeviceId dcu;
    private final ExecutorService dispatch;
    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final AtomicLong dropped = new AtomicLong();

    public SubscriberRegistry(DeviceId dcu, ExecutorService dispatch) {
        this.dcu = dcu;
        this.dispatch = dispatch;
    }

    /**
     * Adds a subscriber.
     *
     * @return its absolute filter to subscribe to, or null if the filter is refused
     */
    public String add(CloudSubscriber subscriber, Object relativeFilter) {
        String rel = relativeFilter instanceof String s ? s.trim() : null;
        if (!valid(rel)) {
            LOG.error("cloud subscriber {} ignored: {} '{}' must be a topic filter below {}/ outside req/, evt/, "
                    + "state and probe", subscriber, CloudSubscriber.TOPIC, rel, Topics.root(dcu));
            return null;
        }
        String filter = Topics.root(dcu) + "/" + rel;
        entries.add(new Entry(subscriber, rel, filter));
        return filter;
    }

    /**
     * Removes a subscriber.
     *
     * @return its filter if no other subscriber uses it any more (to unsubscribe), else null
     */
    public String remove(CloudSubscriber subscriber) {
        String filter = null;
        for (Entry e : entries) {
            if (e.subscriber() == subscriber) {
                entries.remove(e);
                filter = e.filter();
            }
        }
        String f = filter;
        return f != null && entries.stream().noneMatch(e -> e.filter().equals(f)) ? f : null;
    }

    /** The absolute filters to subscribe to, sorted. */
    public Set<String> filters() {
        Set<String> out = new TreeSet<>();
        entries.forEach(e -> out.add(e.filter()));
        return out;
    }

    /** Messages dropped since start because the dispatch queue was full. */
    public long droppedMessages() {
        return dropped.get();
    }

    /**
     * Delivers a message to every matching subscriber.
     *
     * @return true if at least one matched
     */
    public boolean deliver(Incoming m) {
        boolean any = false;
        String prefix = Topics.root(dcu) + "/";
        for (Entry e : entries) {
            if (matches(e.filter(), m.topic())) {
                any = true;
                CloudMessage cm = new CloudMessage(m.topic(), m.topic().substring(prefix.length()), m.payload().clone(),
                        m.contentType(), m.userProperties(), m.retained());
                try {
                    dispatch.execute(() -> {
                        try {
                            e.subscriber().onMessage(cm);
                        } catch (RuntimeException ex) {
                            LOG.warn("cloud subscriber {} failed on {}: {}", e.subscriber(), m.topic(), ex.toString());
                        }
                    });
                } catch (RejectedExecutionException ex) {
                    if (dispatch.isShutdown()) {
                        LOG.debug("message on {} dropped: stopping", m.topic());
                    } else {
                        long n = dropped.incrementAndGet();
                        if (n == 1 || n % 1000 == 0) {
                            LOG.warn("message on {} dropped: the subscribers' queue is full ({} dropped since start)",
                                    m.topic(), n);
                        }
                    }
                }
            }
        }
        return any;
    }

    static boolean valid(String rel) {
        if (rel == null || rel.isEmpty() || rel.startsWith("/") || rel.startsWith("$")) {
            return false;
        }
        String first = rel.split("/", -1)[0];
        if (first.equals("req") || first.equals("evt") || first.equals("state") || first.equals("probe")
                || first.equals("+")
                || first.equals("#")) {
            return false;
        }
        String[] levels = rel.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String l = levels[i];
            if (l.contains("#") && (!l.equals("#") || i != levels.length - 1)) {
                return false;
            }
            if (l.contains("+") && !l.equals("+")) {
                return false;
            }
        }
        return true;
    }

    /** MQTT topic filter matching with {@code +} and {@code #}. */
    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }

    /** For logs. */
    @Override
    public String toString() {
        return "subscribers " + filters();
    }
}
