package io.fums.emulator.dlms.testing;

import io.fums.dlms.link.Link;
import io.fums.dlms.link.PipeLink;
import io.fums.emulator.dlms.server.CosemObjectModel;
import io.fums.emulator.dlms.server.ServerSession;
import io.fums.emulator.dlms.server.ServerSettings;
import io.fums.dlms.transport.ApduTransport;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** A server session on its own thread at one end of an in-memory pipe; the test gets the other end. */
public final class Harness implements AutoCloseable {

    public final Link clientLink;
    public final ServerSession session;
    private final Thread thread;

    private Harness(Link clientLink, ServerSession session) {
        this.clientLink = clientLink;
        this.session = session;
        this.thread = new Thread(session::run, "test-server");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** A server on a pipe, its end of the pipe wrapped by {@code serverSide} (e.g. a lossy medium). */
    public static Harness start(Function<Link, ApduTransport> framing, CosemObjectModel model, ServerSettings s,
            UnaryOperator<Link> serverSide) {
        PipeLink[] pipe = PipeLink.pair("test");
        return new Harness(pipe[0], new ServerSession(framing.apply(serverSide.apply(pipe[1])), model, s));
    }

    public static Harness start(Function<Link, ApduTransport> framing, CosemObjectModel model, ServerSettings s) {
        return start(framing, model, s, UnaryOperator.identity());
    }

    @Override
    public void close() {
        session.close();
        clientLink.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
