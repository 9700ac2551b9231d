package io.fums.meter.upgrade.internal;

import io.fums.dlms.DlmsException;
import io.fums.dlms.hdlc.HdlcAddress;
import io.fums.dlms.link.Link;
import io.fums.dlms.transport.HdlcBroadcaster;
import io.fums.link.serial.SerialLink;
import io.fums.link.serial.SerialSettings;
import io.fums.meter.access.MediumBroadcaster;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * The DCU's end of a shared serial medium for the broadcast tests: one serial
 * port (a pty of the emulator's medium, opened by io.fums.link.serial as on a
 * DCU) that the meters' HDLC clients and the broadcaster share, one user at a
 * time. It counts every image block that leaves in clear (point-to-point I
 * frames and broadcast UI frames alike), by the block number in the frame.
 */
final class SharedBus implements AutoCloseable {

    /** ACTION image_block_transfer (class 18, 0-0:44.0.0.255, method 2) with its parameters, up to the block number. */
    private static final byte[] BLOCK_TRANSFER = {0x00, 0x12, 0x00, 0x00, 0x2C, 0x00, 0x00, (byte) 0xFF, 0x02, 0x01, 0x02,
        0x02, 0x06};

    private final SerialLink port;
    /** Block numbers of the clear block frames written on the line, in order. */
    final List<Long> lineBlocks = new CopyOnWriteArrayList<>();

    SharedBus(Path pty) throws DlmsException {
        port = SerialLink.open(SerialSettings.of(pty.toString()));
    }

    /** A view that the HDLC clients close without closing the port. */
    Link view() {
        return new Link() {
            @Override
            public String name() {
                return port.name();
            }

            @Override
            public int read(byte[] b, int off, int len, long timeoutMillis) throws DlmsException {
                return port.read(b, off, len, timeoutMillis);
            }

            @Override
            public void write(byte[] data, int off, int len) throws DlmsException {
                long n = blockNumber(data, off, len);
                if (n >= 0) {
                    lineBlocks.add(n);
                }
                port.write(data, off, len);
            }

            @Override
            public boolean isOpen() {
                return port.isOpen();
            }

            @Override
            public void close() {
            }
        };
    }

    /** The image block number in a clear block transfer frame or APDU, or -1. */
    static long blockNumber(byte[] b, int off, int len) {
        outer:
        for (int i = off; i + BLOCK_TRANSFER.length + 4 <= off + len; i++) {
            for (int k = 0; k < BLOCK_TRANSFER.length; k++) {
                if (b[i + k] != BLOCK_TRANSFER[k]) {
                    continue outer;
                }
            }
            int p = i + BLOCK_TRANSFER.length;
            return (b[p] & 0xFFL) << 24 | (b[p + 1] & 0xFFL) << 16 | (b[p + 2] & 0xFFL) << 8 | (b[p + 3] & 0xFFL);
        }
        return -1;
    }

    /**
     * The broadcaster the DCU has on this medium (logical device 1 of every physical device, client SAP 0x10),
     * as {@link io.fums.meter.access.MeterInventory#broadcaster} gives it, counting the blocks it sends.
     * With {@code stopAfter} > 0 the next block send after that many waits until its thread is interrupted
     * (where a DCU is killed), and then fails as a send waiting for its turn does.
     */
    Broadcaster broadcaster(int stopAfter) {
        return broadcaster(stopAfter, null);
    }

    /**
     * See {@link #broadcaster(int)}; {@link Broadcaster#sendCiphered} protects with {@code cipher} (the medium's
     * broadcast key; its counters stand in for the DCU's durable ones, meter.reading's MediumCipheredBroadcastTest).
     */
    Broadcaster broadcaster(int stopAfter, io.fums.dlms.security.BroadcastChannel cipher) {
        return new Broadcaster(new HdlcBroadcaster(view(), HdlcAddress.allPhysicalDevices(1, 2), 0x10,
                HdlcBroadcaster.DEFAULT_MAX_INFO, 0), stopAfter, cipher);
    }

    /** See {@link #broadcaster(int)}. */
    static final class Broadcaster implements MediumBroadcaster {
        private final HdlcBroadcaster out;
        private final int stopAfter;
        private final io.fums.dlms.security.BroadcastChannel cipher;
        /** Block numbers sent, in order. */
        final List<Long> sent = new CopyOnWriteArrayList<>();
        /** Counted down when a send waits for the kill. */
        final CountDownLatch stopped = new CountDownLatch(1);

        Broadcaster(HdlcBroadcaster out, int stopAfter, io.fums.dlms.security.BroadcastChannel cipher) {
            this.cipher = cipher;
            this.out = out;
            this.stopAfter = stopAfter;
        }

        @Override
        public String linkId() {
            return "bus";
        }

        @Override
        public void send(byte[] apdu) throws DlmsException {
            send(apdu, apdu);
        }

        /** Sends {@code wire}, counting the block of {@code apdu} (its plain form). */
        private void send(byte[] apdu, byte[] wire) throws DlmsException {
            long n = blockNumber(apdu, 0, apdu.length);
            if (n >= 0 && stopAfter > 0 && sent.size() == stopAfter) {
                stopped.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw DlmsException.unreachable("bus", "interrupted while waiting for the link", e);
                }
            }
            out.send(wire);
            if (n >= 0) {
                sent.add(n);
            }
        }

        @Override
        public synchronized void sendCiphered(byte[] plainApdu) throws DlmsException {
            if (cipher == null) {
                throw new UnsupportedOperationException("this bus broadcasts in clear only (no broadcast key)");
            }
            send(plainApdu, cipher.protect(plainApdu));
        }

        @Override
        public void keepAlive() throws DlmsException {
            out.keepAlive();
        }

        @Override
        public long lastSentNanos() {
            return out.lastSentNanos();
        }

        @Override
        public long framesSent() {
            return out.framesSent();
        }
    }

    @Override
    public void close() {
        port.close();
    }
}
