package io.fums.shell.internal;

import io.fums.api.error.ErrorCode;
import io.fums.store.AuditEvent;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The technician's shell on a Unix domain socket: nothing listens on a network interface. Sessions are bounded
 * ({@link Limits#maxSessions}: one more is refused with {@code CMD_QUEUE_FULL} and audited), lines are bounded
 * ({@link Limits#maxLineBytes}: a longer one is refused with {@code CMD_TOO_LARGE}, audited, and skipped without
 * being held in memory), and a session without input for {@link Limits#idleTimeout} is closed. Refused lines are
 * audited within a {@link RefusalBudget} per session (20 a minute), the rest as one count; refused connections
 * (over the limit, no hello) within one budget of the server's.
 *
 * <p>The socket file gets mode 0660 as soon as it is bound (until then the process umask, 0022 under systemd,
 * leaves it writable, so connectable, by its owner only): only the DCU's user, its group and root can connect (see
 * {@link PeerIdentity}). Threads: one acceptor, one per session (at most maxSessions), one idle
 * watchdog.
 */
final class ShellServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShellServer.class);
    /** sun_path of Linux: 108 bytes with the terminating NUL. */
    private static final int MAX_PATH_BYTES = 107;
    /** The actor of a connection refused before it said who it is, and of the count of suppressed ones. */
    private static final String OPENING = "technician:?@shell";

    /** The bounds of the shell. */
    record Limits(int maxSessions, int maxLineBytes, Duration idleTimeout) {
        Limits {
            if (maxSessions < 1 || maxLineBytes < 64 || idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("shell limits out of range: " + maxSessions + " sessions, "
                        + maxLineBytes + " bytes a line, idle " + idleTimeout);
            }
        }
    }

    private final Path socket;
    private final Limits limits;
    private final CommandTable table;
    private final Function<PeerIdentity, String> greeting;
    private final RefusalBudget.Policy refusals;
    /** Refused connections (over the session limit, no hello) share one budget: they have no session. */
    private final RefusalBudget openRefusals;
    private final String serviceUser = System.getProperty("user.name");
    private final Semaphore slots;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers;
    private final ScheduledExecutorService watchdog;
    private ServerSocketChannel server;
    private Thread acceptor;

    ShellServer(Path socket, Limits limits, CommandTable table, Function<PeerIdentity, String> greeting) {
        this(socket, limits, table, greeting, RefusalBudget.Policy.DEFAULT);
    }

    ShellServer(Path socket, Limits limits, CommandTable table, Function<PeerIdentity, String> greeting,
                RefusalBudget.Policy refusals) {
        this.refusals = refusals;
        this.openRefusals = new RefusalBudget(refusals);
        this.socket = socket.toAbsolutePath();
        this.limits = limits;
        this.table = table;
        this.greeting = greeting;
        this.slots = new Semaphore(limits.maxSessions());
        this.workers = Executors.newFixedThreadPool(limits.maxSessions(), r -> daemon(r, "fums-shell-session"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "fums-shell-idle"));
    }

    /** Binds the socket (replacing a stale file of a stopped DCU, never a live one) and starts accepting. */
    synchronized void start() throws IOException {
        int length = socket.toString().getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_PATH_BYTES) {
            throw new IOException("the shell's socket path " + socket + " is " + length + " bytes, a Unix socket's at most "
                    + MAX_PATH_BYTES + ": set 'socket' of configuration io.fums.shell to a shorter path");
        }
        Path dir = socket.getParent();
        Files.createDirectories(dir);
        if (Files.exists(socket)) {
            if (answers(socket)) {
                throw new IOException("another process serves the shell at " + socket
                        + " (is a second DCU running on this data folder?)");
            }
            Files.delete(socket);
        }
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket), limits.maxSessions());
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        long tick = Math.max(100, Math.min(1000, limits.idleTimeout().toMillis() / 4));
        watchdog.scheduleWithFixedDelay(this::closeIdle, tick, tick, TimeUnit.MILLISECONDS);
        acceptor = daemon(this::acceptLoop, "fums-shell-accept");
        acceptor.start();
        LOG.info("technician shell on {} (at most {} sessions)", socket, limits.maxSessions());
    }

    /** True if something accepts connections on the socket file (a live DCU), false for a stale file. */
    private static boolean answers(Path socket) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException stale) {
            return false;
        }
    }

    Path socket() {
        return socket;
    }

    private void acceptLoop() {
        while (true) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                LOG.warn("shell: accept failed: {}", e.toString());
                continue;
            }
            if (!slots.tryAcquire()) {
                refuseBusy(ch);
                continue;
            }
            Session s = new Session(ch);
            sessions.add(s);
            workers.execute(() -> {
                try {
                    s.run();
                } finally {
                    sessions.remove(s);
                    slots.release();
                }
            });
        }
    }

    /**
     * Tells a client over the limit why, without a thread of its own: the reply is written at once, the client's
     * hello is drained a moment later (closing on unread input would reset the connection before the client read
     * the reply), then the connection is closed.
     */
    private void refuseBusy(SocketChannel ch) {
        String peer = PeerIdentity.peerUser(ch);
        String message = "the shell already has " + limits.maxSessions() + " sessions; try again when one ends";
        String actor = "technician:" + (peer == null ? "?" : peer) + "@shell";
        table.auditRefusal(OPENING, AuditEvent.builder(actor, "shell.session.open").refused(ErrorCode.CMD_QUEUE_FULL)
                .detail("message", message).build(), openRefusals);
        try {
            ch.configureBlocking(false);
            ch.write(ByteBuffer.wrap(Frames.reply("shell: CMD_QUEUE_FULL: " + message, ErrorCode.CMD_QUEUE_FULL)
                    .getBytes(StandardCharsets.UTF_8)));
            ch.shutdownOutput();
            watchdog.schedule(() -> drainAndClose(ch), 200, TimeUnit.MILLISECONDS);
        } catch (IOException gone) {
            drainAndClose(ch);
        }
    }

    private static void drainAndClose(SocketChannel ch) {
        try (ch) {
            ByteBuffer sink = ByteBuffer.allocate(4096);
            for (int i = 0; i < 16 && ch.read(sink.clear()) > 0; i++) {
                // a refused client's input is dropped unread, at most 64 KiB
            }
        } catch (IOException gone) {
            // the client went away first: nothing to tell
        }
    }

    private void closeIdle() {
        long now = System.nanoTime();
        for (Session s : sessions) {
            if (!s.busy && now - s.lastInput > limits.idleTimeout().toNanos()) {
                s.closeIdle();
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            LOG.warn("shell: closing the socket: {}", e.toString());
        }
        sessions.forEach(Session::close);
        watchdog.shutdownNow();
        workers.shutdownNow();
        try {
            if (acceptor != null) {
                acceptor.join(2000);
            }
            workers.awaitTermination(2, TimeUnit.SECONDS);
            table.endSession(OPENING, openRefusals);
            if (server != null) {
                // only the file this server bound: a server that found another live one leaves it alone
                Files.deleteIfExists(socket);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("shell: removing {}: {}", socket, e.toString());
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** One technician's connection. */
    private final class Session {
        private final SocketChannel ch;
        volatile long lastInput = System.nanoTime();
        volatile boolean busy;
        private volatile PeerIdentity who;
        private final RefusalBudget budget = new RefusalBudget(refusals);

        Session(SocketChannel ch) {
            this.ch = ch;
        }

        void run() {
            LineReader in = new LineReader(Channels.newInputStream(ch), limits.maxLineBytes());
            try {
                LineReader.Line hello = in.next();
                lastInput = System.nanoTime();
                String claimed = hello.text() != null && hello.text().startsWith(Frames.HELLO)
                        ? hello.text().substring(Frames.HELLO.length()).strip() : null;
                if (!PeerIdentity.validName(claimed)) {
                    table.auditRefusal(OPENING, AuditEvent.builder(OPENING, "shell.session.open")
                            .refused(ErrorCode.CMD_MALFORMED).detail("peer", PeerIdentity.peerUser(ch)).build(), openRefusals);
                    send(Frames.reply("shell: CMD_MALFORMED: the first line must be 'hello <user>' (use fums-dcu shell)",
                            ErrorCode.CMD_MALFORMED));
                    return;
                }
                who = PeerIdentity.decide(PeerIdentity.peerUser(ch), claimed, serviceUser);
                table.append(AuditEvent.builder(who.actor(), "shell.session.open").detail("peer", who.peer())
                        .detail("claimed", who.claimed()).build());
                send(Frames.reply(greeting.apply(who), null));
                loop(in);
            } catch (IOException closed) {
                // the client left, or the session was closed (idle, DCU stopping)
            } finally {
                if (who != null) {
                    table.endSession(who.actor(), budget);
                    table.append(AuditEvent.builder(who.actor(), "shell.session.close").build());
                }
                close();
            }
        }

        private void loop(LineReader in) throws IOException {
            while (true) {
                LineReader.Line line = in.next();
                lastInput = System.nanoTime();
                if (line.end()) {
                    return;
                }
                busy = true;
                try {
                    if (line.tooLong()) {
                        String message = "the line is longer than " + limits.maxLineBytes() + " bytes; it was ignored";
                        table.auditRefusal(who.actor(), AuditEvent.builder(who.actor(), "shell.refused")
                                .refused(ErrorCode.CMD_TOO_LARGE).detail("message", message).build(), budget);
                        send(Frames.reply("shell: CMD_TOO_LARGE: " + message, ErrorCode.CMD_TOO_LARGE));
                        continue;
                    }
                    String text = line.text().strip();
                    if (text.equals("quit") || text.equals("exit")) {
                        send(Frames.reply("bye", null));
                        return;
                    }
                    CommandTable.Reply r = table.execute(who.actor(), text, budget);
                    send(Frames.reply(r.text(), r.code()));
                } finally {
                    lastInput = System.nanoTime();
                    busy = false;
                }
            }
        }

        private synchronized void send(String framed) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(framed.getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }

        void closeIdle() {
            try {
                send(Frames.reply("shell: closed after " + limits.idleTimeout().toSeconds() + " s without input",
                        ErrorCode.CMD_EXPIRED));
            } catch (IOException gone) {
                // closing anyway
            }
            close();
        }

        void close() {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.debug("shell: closing a session: {}", e.toString());
            }
        }
    }
}
