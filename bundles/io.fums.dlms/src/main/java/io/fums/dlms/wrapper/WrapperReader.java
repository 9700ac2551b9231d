package io.fums.dlms.wrapper;

import io.fums.dlms.DlmsCodecException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a TCP byte stream into wrapper PDUs. Bytes are fed as they arrive,
 * in chunks of any size; each complete PDU is returned.
 *
 * <p>A TCP stream cannot be resynchronised: a header with a version other
 * than 1 or a length above the configured maximum throws
 * {@link DlmsCodecException}, after which the reader is failed and throws
 * again on every feed until {@link #reset()}; the connection should be
 * closed. The length is checked against the maximum first, and the APDU
 * buffer grows with the bytes actually received (at most twice them), so a
 * lying header allocates nothing; the reader holds at most one APDU.
 *
 * <p>Not thread-safe: one reader per connection.
 */
public final class WrapperReader {

    private final int maxApduLength;
    private final byte[] header = new byte[WrapperHeader.SIZE];
    private int headerFill;
    private WrapperHeader current;
    private byte[] apdu;
    private int apduFill;
    private String failure;

    /** A reader that accepts APDUs up to 65535 bytes, the wrapper's own limit. */
    public WrapperReader() {
        this(0xFFFF);
    }

    /** A reader that refuses APDUs longer than {@code maxApduLength} (e.g. the negotiated max PDU size). */
    public WrapperReader(int maxApduLength) {
        if (maxApduLength < 1 || maxApduLength > 0xFFFF) {
            throw new IllegalArgumentException("maxApduLength must be 1..65535");
        }
        this.maxApduLength = maxApduLength;
    }

    /** Feeds received bytes; returns the PDUs they complete, in order. */
    public List<WrapperPdu> feed(byte[] data, int off, int len) throws DlmsCodecException {
        if (failure != null) {
            throw new DlmsCodecException(failure);
        }
        List<WrapperPdu> out = new ArrayList<>(1);
        int end = off + len;
        while (off < end) {
            if (current == null) {
                int n = Math.min(WrapperHeader.SIZE - headerFill, end - off);
                System.arraycopy(data, off, header, headerFill, n);
                headerFill += n;
                off += n;
                if (headerFill < WrapperHeader.SIZE) {
                    break;
                }
                try {
                    current = WrapperHeader.decode(header, 0);
                } catch (DlmsCodecException e) {
                    throw fail(e.getMessage());
                }
                if (current.length() > maxApduLength) {
                    throw fail("wrapper APDU length " + current.length() + " exceeds the limit " + maxApduLength);
                }
                apdu = new byte[0];
                apduFill = 0;
            }
            int n = Math.min(current.length() - apduFill, end - off);
            if (apduFill + n > apdu.length) {
                // grow with the bytes actually received, never ahead of them by more than 2x
                apdu = Arrays.copyOf(apdu, Math.min(current.length(), Math.max(2 * apdu.length, apduFill + n)));
            }
            System.arraycopy(data, off, apdu, apduFill, n);
            apduFill += n;
            off += n;
            if (apduFill == current.length()) {
                out.add(new WrapperPdu(current.sourceWport(), current.destinationWport(), apdu));
                current = null;
                apdu = null;
                apduFill = 0;
                headerFill = 0;
            }
        }
        return out;
    }

    /** Feeds a whole array. */
    public List<WrapperPdu> feed(byte[] data) throws DlmsCodecException {
        return feed(data, 0, data.length);
    }

    /** Forgets any partial PDU and clears a failure. */
    public void reset() {
        headerFill = 0;
        current = null;
        apdu = null;
        apduFill = 0;
        failure = null;
        Arrays.fill(header, (byte) 0);
    }

    /** Bytes held waiting for the rest of a PDU. */
    public int buffered() {
        return headerFill + apduFill;
    }

    /** Size of the APDU buffer currently allocated (for tests of the allocation bound). */
    int capacity() {
        return apdu == null ? 0 : apdu.length;
    }

    private DlmsCodecException fail(String message) {
        failure = message;
        return new DlmsCodecException(message);
    }
}
