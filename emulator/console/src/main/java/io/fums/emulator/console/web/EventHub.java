package io.fums.emulator.console.web;

import com.google.gson.JsonElement;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The pages' live updates as Server-Sent Events: each open page ({@code GET /api/events}, the browser's EventSource)
 * has a bounded queue; an update goes to every queue without blocking. A page too slow to take its updates (queue
 * full) is disconnected: its EventSource reconnects by itself and the page reloads its data. At most
 * {@link #MAX_CLIENTS} pages at once. Thread-safe.
 */
final class EventHub implements EventSink {

    static final int MAX_CLIENTS = 32;
    static final int QUEUE = 1_024;

    /** One open page: its queue of formatted events, and whether it fell behind. */
    static final class Client {
        private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
        private volatile boolean overflowed;

        /** The next event text within the wait, or null; throws when the page must be disconnected. */
        String next(long millis) throws InterruptedException, Overflow {
            if (overflowed) {
                throw new Overflow();
            }
            return queue.poll(millis, TimeUnit.MILLISECONDS);
        }

        void offer(String text) {
            if (!queue.offer(text)) {
                overflowed = true;
            }
        }
    }

    /** A page fell behind. */
    static final class Overflow extends Exception {
        private static final long serialVersionUID = 1L;
    }

    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** A new page, or null when {@link #MAX_CLIENTS} are open or the hub is closed. */
    Client join() {
        synchronized (clients) {
            if (closed || clients.size() >= MAX_CLIENTS) {
                return null;
            }
            Client c = new Client();
            clients.add(c);
            return c;
        }
    }

    void leave(Client c) {
        clients.remove(c);
    }

    boolean closed() {
        return closed;
    }

    int size() {
        return clients.size();
    }

    @Override
    public void publish(String event, JsonElement data) {
        // one line of JSON (Gson writes no raw newline), so one data: line
        String text = "event: " + event + "\ndata: " + WebJson.GSON.toJson(data) + "\n\n";
        for (Client c : clients) {
            c.offer(text);
        }
    }

    /** Ends every stream. */
    void close() {
        closed = true;
        clients.clear();
    }
}
