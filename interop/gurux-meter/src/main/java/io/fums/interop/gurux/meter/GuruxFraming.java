package io.fums.interop.gurux.meter;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cuts a byte stream into what Gurux's server takes (one wrapper PDU or one
 * HDLC frame: given more, it handles the first and drops the rest), hands
 * each to the meter and writes its answer. Runs until the stream ends
 * (EOFException) or fails.
 */
final class GuruxFraming {

    /** Largest wrapper PDU accepted: bounded memory whatever the peer says. */
    private static final int MAX_PDU = 64 * 1024;

    private GuruxFraming() {
    }

    /** TCP wrapper (IEC 62056-47): 8-octet header with the length, then the APDU. */
    static void wrapper(GuruxMeter meter, DataInputStream in, OutputStream out, AtomicLong requests)
            throws Exception {
        while (true) {
            byte[] header = new byte[8];
            in.readFully(header);
            int length = ((header[6] & 0xFF) << 8) | (header[7] & 0xFF);
            if (length > MAX_PDU) {
                throw new IOException("wrapper PDU of " + length + " octets");
            }
            byte[] pdu = new byte[8 + length];
            System.arraycopy(header, 0, pdu, 0, 8);
            in.readFully(pdu, 8, length);
            answer(meter, pdu, out, requests);
        }
    }

    /** HDLC frame by frame: flag, format field with the frame's length (at most 2047), the rest, flag. */
    static void hdlc(GuruxMeter meter, DataInputStream in, OutputStream out, AtomicLong requests) throws Exception {
        while (true) {
            int b1 = in.readUnsignedByte();
            while (b1 == 0x7E) {
                b1 = in.readUnsignedByte();
            }
            int b2 = in.readUnsignedByte();
            if ((b1 & 0xF0) != 0xA0) {
                continue; // not a type 3 format field: noise between frames, resynchronise on the next flag
            }
            int length = ((b1 & 0x07) << 8) | b2;
            if (length < 2) {
                continue;
            }
            byte[] frame = new byte[length + 2];
            frame[0] = 0x7E;
            frame[1] = (byte) b1;
            frame[2] = (byte) b2;
            in.readFully(frame, 3, length - 2);
            frame[length + 1] = (byte) in.readUnsignedByte();
            answer(meter, frame, out, requests);
        }
    }

    private static void answer(GuruxMeter meter, byte[] request, OutputStream out, AtomicLong requests)
            throws Exception {
        requests.incrementAndGet();
        byte[] reply;
        synchronized (meter) {
            reply = meter.handleRequest(request);
            meter.keepInvocationCounter();
        }
        if (reply != null && reply.length > 0) {
            out.write(reply);
            out.flush();
        }
    }
}
