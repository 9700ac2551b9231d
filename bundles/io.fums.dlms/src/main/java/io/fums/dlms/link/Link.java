package io.fums.dlms.link;

import io.fums.dlms.DlmsException;
import java.io.Closeable;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A bidirectional byte stream to one peer (a serial port, a TCP connection,
 * an in-memory pipe) with a timeout on every read. The DLMS framing layers
 * (HDLC, TCP wrapper) run over it.
 *
 * <p>Threading: one thread reads and one thread writes at a time;
 * {@link #close()} may be called from any thread and makes a blocked read
 * return promptly.
 *
 * <p>Framing layers write one complete frame per {@link #write} call, so a
 * decorator that models a lossy medium may drop whole calls.
 */
@ConsumerType
public interface Link extends Closeable {

    /** A short human-readable name for messages, e.g. {@code "tcp 10.0.0.7:4059"}, {@code "serial /dev/ttyUSB0"}. */
    String name();

    /**
     * Reads what has arrived, waiting at most {@code timeoutMillis} for the
     * first byte.
     *
     * @return the number of bytes read (at least 1); 0 if nothing arrived in
     *         time; -1 at the end of the stream (the peer or this side closed)
     * @throws DlmsException METER_UNREACHABLE if the link failed
     */
    int read(byte[] buffer, int offset, int length, long timeoutMillis) throws DlmsException;

    /**
     * Writes all bytes; may block while the medium is busy, within a bound
     * the implementation documents.
     *
     * @throws DlmsException METER_UNREACHABLE if the link is closed or failed
     */
    void write(byte[] data, int offset, int length) throws DlmsException;

    /** Writes a whole array. */
    default void write(byte[] data) throws DlmsException {
        write(data, 0, data.length);
    }

    /** Whether neither side has closed the link. */
    boolean isOpen();

    /** Closes the link; idempotent, never throws. */
    @Override
    void close();
}
