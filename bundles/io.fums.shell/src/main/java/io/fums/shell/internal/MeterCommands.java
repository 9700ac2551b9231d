package io.fums.shell.internal;

import io.fums.api.error.FumsException;
import io.fums.meter.access.MeterInfo;
import io.fums.meter.access.MeterInventory;
import io.fums.meter.access.MeterKeys;
import io.fums.meter.reading.MeterReadings;
import io.fums.meter.reading.ReadStats;
import io.fums.meter.reading.Reading;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** meters list, meters read, meter: the inventory, a read now, one meter's security and capabilities. */
final class MeterCommands {

    private final Supplier<MeterInventory> inventory;
    private final Supplier<MeterReadings> readings;
    private final Supplier<MeterKeys> keys;

    MeterCommands(Supplier<MeterInventory> inventory, Supplier<MeterReadings> readings, Supplier<MeterKeys> keys) {
        this.inventory = inventory;
        this.readings = readings;
        this.keys = keys;
    }

    List<Command> commands() {
        return List.of(
                Command.readOnly("meters list", "the meters of the inventory: link, security, last read, suspect",
                        "meters list", "meters list", 0, 0, a -> list()),
                Command.changing("meters read", "read a meter now (energy, clock, firmware) and keep the reading",
                        "meters read <meter-id>", "meters read t-00001", 1, 1, a -> read(a.arg(0))),
                Command.readOnly("meter", "one meter: identity, link, security, keys, capabilities, read statistics",
                        "meter <meter-id>", "meter t-00001", 1, 1, a -> meter(a.arg(0))));
    }

    private String list() throws FumsException {
        MeterInventory inv = Services.need(inventory, "the meter inventory");
        MeterReadings r = readings.get();
        List<MeterInfo> meters = inv.meters();
        Set<String> suspects = inv.suspects();
        StringBuilder b = new StringBuilder();
        inv.problem().ifPresent(p -> b.append("inventory problem: ").append(p).append('\n'));
        b.append(String.format("%-16s %-12s %-26s %-18s %-24s %s%n", "meter", "device type", "address", "security",
                "last read", "suspect"));
        for (MeterInfo m : meters) {
            ReadStats s = r == null ? null : r.stats(m.meterId());
            b.append(String.format("%-16s %-12s %-26s %-18s %-24s %s%n", m.meterId(), m.deviceType().value(), m.address(),
                    m.security() + (m.insecure() ? " (!)" : ""), s == null || s.lastReadAt() == null ? "never" : s.lastReadAt(),
                    suspects.contains(m.meterId()) ? "SUSPECT" : "-"));
        }
        b.append(meters.size()).append(" meters");
        long insecure = meters.stream().filter(MeterInfo::insecure).count();
        if (insecure > 0) {
            b.append(", ").append(insecure).append(" below " + MeterInfo.SECURE + " (marked (!))");
        }
        return b.append('\n').toString();
    }

    private String read(String meterId) throws FumsException {
        Reading r = Services.need(readings, "meter reading").readNow(meterId);
        StringBuilder b = new StringBuilder("meter ").append(r.meterId()).append(" read at ").append(r.readAt()).append('\n');
        for (Map.Entry<String, String> v : r.values().entrySet()) {
            b.append(String.format("  %-16s %-22s %s%n", v.getKey(), label(v.getKey()), v.getValue()));
        }
        return b.toString();
    }

    private String meter(String meterId) throws FumsException {
        MeterInventory inv = Services.need(inventory, "the meter inventory");
        Optional<MeterInfo> found = inv.meter(meterId);
        if (found.isEmpty()) {
            throw new FumsException(io.fums.api.error.ErrorCode.METER_UNKNOWN, "no meter '" + meterId
                    + "' in the inventory; see meters list");
        }
        MeterInfo m = found.get();
        StringBuilder b = new StringBuilder();
        line(b, "meter", m.meterId());
        line(b, "device type", m.deviceType().value());
        line(b, "link", m.linkId());
        line(b, "address", m.address());
        line(b, "security", m.security() + (m.insecure() ? "  (weaker than " + MeterInfo.SECURE + ": an explicit exception "
                + "in the inventory)" : "  (HLS-GMAC authentication, every APDU ciphered)"));
        MeterKeys k = keys.get();
        if (k != null) {
            line(b, "keys", k.keyInfo(meterId).map(i -> "encryption " + i.encryptionKeyId() + ", authentication "
                    + i.authenticationKeyId() + ", wrapped by " + i.kekId() + ", from " + i.source()).orElse("none stored"));
        }
        line(b, "capabilities", capabilities(m));
        line(b, "offers", inv.capabilities(meterId).map(io.fums.meter.access.MeterCapabilities::describe)
                .orElse("unknown: its object list was not read yet"));
        line(b, "suspect", inv.suspectReason(meterId).orElse("no"));
        MeterReadings r = readings.get();
        if (r != null) {
            ReadStats s = r.stats(meterId);
            line(b, "reads", s.scheduled() + " scheduled, " + s.done() + " done, " + s.missed() + " missed, "
                    + s.itemsMissing() + " items missing; last " + (s.lastReadAt() == null ? "never" : s.lastReadAt()));
            List<Reading> last = r.latest(meterId, 1);
            if (!last.isEmpty()) {
                line(b, "firmware", last.get(0).values().getOrDefault("1-0:0.2.0.255", "unknown") + " (read "
                        + last.get(0).readAt() + ")");
            }
        }
        return b.toString();
    }

    /** What the DCU does with such a meter: periodic reads, image transfer for its device type, the supply switch. */
    private static String capabilities(MeterInfo m) {
        return "periodic and on-demand reads; firmware upgrade by image transfer (packages for "
                + m.deviceType().value() + "); supply switch (disconnect control, dual control from the cloud)"
                + (m.security().contains("suite") ? "; ciphered with security suite " + m.security().replaceAll(".*suite", "") : "");
    }

    private static String label(String obis) {
        return switch (obis) {
            case "1-0:1.8.0.255" -> "energy import";
            case "1-0:2.8.0.255" -> "energy export";
            case "0-0:1.0.0.255" -> "clock";
            case "1-0:0.2.0.255" -> "firmware identifier";
            default -> "";
        };
    }

    private static void line(StringBuilder b, String name, String value) {
        b.append(String.format("%-13s %s%n", name + ":", value));
    }
}
