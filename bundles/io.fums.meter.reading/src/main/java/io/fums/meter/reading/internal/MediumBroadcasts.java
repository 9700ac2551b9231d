package io.fums.meter.reading.internal;

import io.fums.dlms.DlmsException;
import io.fums.dlms.hdlc.HdlcAddress;
import io.fums.dlms.link.Link;
import io.fums.dlms.transport.HdlcBroadcaster;
import io.fums.meter.access.MediumBroadcaster;
import io.fums.meter.access.MeterMedium;
import io.fums.meter.reading.internal.Inventory.HdlcEndpoint;
import io.fums.meter.reading.internal.Inventory.MeterEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Shared serial media of the inventory and broadcasts on them
 * ({@link io.fums.meter.access.MeterInventory#medium},
 * {@link io.fums.meter.access.MeterInventory#broadcaster}): each send takes
 * the link from its {@link LinkScheduler} as a transfer exchange does, after
 * the waiting reads (SM-8), writes through a view of the shared port, and
 * keeps the link until its frames have left at the line rate: a serial
 * driver or a modem would otherwise queue the image, and the next read
 * would wait behind it.
 */
final class MediumBroadcasts {

    /** Octets per second of a line whose rate is not known: 9600 baud, the serial links' default. */
    static final long DEFAULT_RATE = 960;

    private MediumBroadcasts() {
    }

    /** Glo-ciphers an APDU with the medium's broadcast key, its counter reserved durably. */
    @FunctionalInterface
    interface Cipher {
        byte[] protect(byte[] plain) throws DlmsException;
    }

    /**
     * The medium of {@code meterId} in {@code inventory}; empty for TCP meters and unknown ones.
     *
     * @param broadcastKey whether the DCU holds a broadcast key for the medium: its ciphering meters take it
     */
    static Optional<MeterMedium> medium(Inventory inventory, String meterId,
            java.util.function.Predicate<String> broadcastKey) {
        Optional<MeterEntry> m = inventory.meter(meterId);
        if (m.isEmpty() || !(m.get().endpoint() instanceof HdlcEndpoint h)) {
            return Optional.empty();
        }
        List<String> meters = new ArrayList<>();
        Set<String> clear = new HashSet<>();
        Set<String> ciphered = new HashSet<>();
        boolean keyed = broadcastKey.test(h.link());
        for (MeterEntry e : inventory.meters()) {
            if (e.endpoint() instanceof HdlcEndpoint o && o.link().equals(h.link())) {
                meters.add(e.id());
                if (!e.security().ciphering()) {
                    clear.add(e.id());
                } else if (keyed) {
                    ciphered.add(e.id());
                }
            }
        }
        return Optional.of(new MeterMedium(h.link(), meters, clear, ciphered));
    }

    /**
     * A broadcaster from {@code meter}'s client SAP to logical device {@code meter}'s of every physical device.
     *
     * @throws DlmsException METER_UNREACHABLE if the meter is not on a serial link
     */
    static MediumBroadcaster broadcaster(LinkRegistry links, MeterEntry meter, long bytesPerSecond, long timeoutMillis,
            Cipher cipher) throws DlmsException {
        if (!(meter.endpoint() instanceof HdlcEndpoint h)) {
            throw DlmsException.unreachable("meter " + meter.id(), "not on a shared serial medium: no broadcast", null);
        }
        int size = HdlcAddress.of(h.logicalDevice(), h.hdlcAddress()).size();
        HdlcAddress all = HdlcAddress.allPhysicalDevices(h.logicalDevice(), size);
        return new Scheduled(links.scheduler(h.link()), links.serial(h.link()), all, h.clientSap(), bytesPerSecond,
                timeoutMillis, cipher);
    }

    /** Sends under the link's scheduler; opens the view at the first send. */
    private static final class Scheduled implements MediumBroadcaster {
        private final LinkScheduler scheduler;
        private final SharedLink port;
        private final HdlcAddress destination;
        private final int clientSap;
        private final long bytesPerSecond;
        private final long timeoutMillis;
        private final Cipher cipher;
        private final long made = System.nanoTime();
        private HdlcBroadcaster out;
        private Link view;

        Scheduled(LinkScheduler scheduler, SharedLink port, HdlcAddress destination, int clientSap, long bytesPerSecond,
                long timeoutMillis, Cipher cipher) {
            this.cipher = cipher;
            this.bytesPerSecond = bytesPerSecond;
            this.scheduler = scheduler;
            this.port = port;
            this.destination = destination;
            this.clientSap = clientSap;
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public String linkId() {
            return scheduler.linkId();
        }

        @Override
        public synchronized void send(byte[] apdu) throws DlmsException {
            scheduler.exclusive(timeoutMillis, null, () -> {
                HdlcBroadcaster b = out();
                b.send(apdu);
                b.drain(); // the link is busy until the frames are on the line
                return null;
            });
        }

        @Override
        public synchronized void sendCiphered(byte[] plainApdu) throws DlmsException {
            scheduler.exclusive(timeoutMillis, null, () -> {
                byte[] apdu = cipher.protect(plainApdu); // under the link: counters leave in the order taken
                HdlcBroadcaster b = out();
                b.send(apdu);
                b.drain();
                return null;
            });
        }

        @Override
        public void keepAlive() throws DlmsException {
            send(new byte[0]);
        }

        private HdlcBroadcaster out() throws DlmsException {
            if (view == null || !view.isOpen()) {
                view = port.view();
                out = new HdlcBroadcaster(view, destination, clientSap, HdlcBroadcaster.DEFAULT_MAX_INFO, bytesPerSecond);
            }
            return out;
        }

        @Override
        public synchronized long lastSentNanos() {
            return out == null ? made : out.lastSentNanos();
        }

        @Override
        public synchronized long framesSent() {
            return out == null ? 0 : out.framesSent();
        }
    }
}
