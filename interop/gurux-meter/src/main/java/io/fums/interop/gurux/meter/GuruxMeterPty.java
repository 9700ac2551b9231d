package io.fums.interop.gurux.meter;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link GuruxMeter} (HDLC framing) on a serial port: one end of a socat
 * pty pair ({@code socat pty,raw,echo=0,link=A pty,raw,echo=0,link=B}),
 * opened as a file. Stop socat first: its end of the pair going away ends
 * the meter's read.
 */
public final class GuruxMeterPty implements AutoCloseable {

    private final RandomAccessFile file;
    private final Thread thread;
    private final AtomicLong requests = new AtomicLong();

    private GuruxMeterPty(GuruxMeter meter, RandomAccessFile file) {
        this.file = file;
        this.thread = new Thread(() -> serve(meter), "gurux-meter-pty");
        thread.setDaemon(true);
    }

    /** Starts {@code meter} on the pty {@code path}. */
    public static GuruxMeterPty start(GuruxMeter meter, Path path) throws IOException {
        GuruxMeterPty pty = new GuruxMeterPty(meter, new RandomAccessFile(path.toFile(), "rw"));
        pty.thread.start();
        return pty;
    }

    private void serve(GuruxMeter meter) {
        try {
            GuruxFraming.hdlc(meter, new DataInputStream(new FileInputStream(file.getFD())),
                    new FileOutputStream(file.getFD()), requests);
        } catch (EOFException e) {
            // the other end went away
        } catch (Exception e) {
            System.err.println("gurux meter on a pty: stopped: " + e);
        }
    }

    /** How many HDLC frames the meter received so far. */
    public long requests() {
        return requests.get();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        file.close();
        thread.join(Duration.ofSeconds(2).toMillis());
    }
}
