package io.fums.emulator.meter.config;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.fums.emulator.meter.fault.FaultPlan;
import io.fums.emulator.meter.link.LinkProfile;
import io.fums.emulator.meter.model.MeterSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves a {@link PopulationConfig} into the meters and media to run:
 * expands groups, overlays defaults, group and meter entries (nested
 * objects merged field by field), applies the emulator's defaults, and
 * checks that ids, ports and HDLC addresses are unique. Stateless.
 */
public final class PopulationPlanner {

    /** The most meters one emulator runs. */
    public static final int MAX_METERS = 10_000;

    private PopulationPlanner() {
    }

    /** The resolved population. */
    public record Plan(List<MeterPlan> meters, List<MediumPlan> media) {
    }

    /** Resolves {@code c} with {@link MeterKeys#ephemeral() ephemeral} default keys: for a plan that is not run. */
    public static Plan plan(PopulationConfig c, Gson gson) {
        return plan(c, gson, MeterKeys.ephemeral());
    }

    /**
     * Resolves {@code c}; meters without keys of their own get theirs from {@code keys}.
     *
     * @throws IllegalArgumentException naming the meter or group for anything invalid
     */
    public static Plan plan(PopulationConfig c, Gson gson, MeterKeys keys) {
        JsonObject defaults = c.defaults == null ? new JsonObject() : c.defaults;
        ConfigKeys.check(defaults, MeterConfig.class, "defaults");
        for (JsonObject g : c.groups == null ? List.<JsonObject>of() : c.groups) {
            ConfigKeys.check(g, MeterConfig.class, "group " + g.get("id"));
        }
        for (JsonObject m : c.meters == null ? List.<JsonObject>of() : c.meters) {
            ConfigKeys.check(m, MeterConfig.class, "meter " + m.get("id"));
        }
        Map<String, JsonObject> entries = new LinkedHashMap<>();
        int index = 0;
        for (JsonObject g : c.groups == null ? List.<JsonObject>of() : c.groups) {
            index = expandGroup(merge(defaults, g), gson, entries, index);
        }
        for (JsonObject m : c.meters == null ? List.<JsonObject>of() : c.meters) {
            String id = m.has("id") ? m.get("id").getAsString() : null;
            if (id == null) {
                throw new IllegalArgumentException("a meter entry needs an id");
            }
            JsonObject base = entries.containsKey(id) ? entries.get(id) : withIndex(defaults, index++);
            entries.put(id, merge(base, m));
        }
        if (entries.size() > MAX_METERS) {
            throw new IllegalArgumentException("at most " + MAX_METERS + " meters, not " + entries.size());
        }
        List<MediumPlan> media = media(c);
        List<MeterPlan> meters = new ArrayList<>();
        for (JsonObject e : entries.values()) {
            MeterConfig mc;
            try {
                mc = gson.fromJson(e, MeterConfig.class);
            } catch (RuntimeException ex) {
                throw new IllegalArgumentException("meter " + e.get("id") + ": " + PopulationConfig.rootMessage(ex),
                        ex);
            }
            meters.add(resolve(mc, e.get("_index").getAsInt(), keys));
        }
        checkUnique(meters, media);
        return new Plan(meters, media);
    }

    private static int expandGroup(JsonObject g, Gson gson, Map<String, JsonObject> entries, int index) {
        MeterConfig gc;
        try {
            gc = gson.fromJson(g, MeterConfig.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("group " + g.get("id") + ": " + PopulationConfig.rootMessage(e), e);
        }
        String gid = gc.id == null ? "meter" : gc.id;
        int count = gc.count == null ? 1 : gc.count;
        if (count < 1 || count > MAX_METERS) {
            throw new IllegalArgumentException("group " + gid + ": count must be 1.." + MAX_METERS);
        }
        String idFormat = gc.idFormat == null ? gid + "-%05d" : gc.idFormat;
        int first = gc.firstIndex == null ? 1 : gc.firstIndex;
        for (int i = 0; i < count; i++) {
            JsonObject m = withIndex(g, index++);
            String id = String.format(idFormat, first + i);
            m.addProperty("id", id);
            m.addProperty("deviceId", gc.deviceIdFormat == null ? id : String.format(gc.deviceIdFormat, first + i));
            if (gc.tcpPortBase != null) {
                m.addProperty("tcpPort", gc.tcpPortBase + i);
            }
            if (gc.hdlcAddressBase != null) {
                m.addProperty("hdlcAddress", gc.hdlcAddressBase + i);
            }
            if (gc.ptyFormat != null) {
                m.addProperty("pty", String.format(gc.ptyFormat, first + i));
            }
            if (entries.put(id, m) != null) {
                throw new IllegalArgumentException("group " + gid + ": meter id " + id + " used twice");
            }
        }
        return index;
    }

    private static MeterPlan resolve(MeterConfig m, int index, MeterKeys keys) {
        String where = "meter " + m.id;
        try {
            MeterSpec spec = new MeterSpec(m.id, or(m.deviceId, m.id), or(m.deviceType, "FUMS-EM-1"),
                    or(m.firmware, "1.0.0"), or(m.blockSize, 512), or(m.maxImageSize, 16L << 20),
                    or(m.powerW, 1000.0), or(m.exportPowerW, 0.0), or(m.energyScaler, 0), or(m.initialImportWh, 0L),
                    or(m.initialExportWh, 0L), or(m.timeZone, 0), or(m.verifyMillis, 1000L),
                    or(m.activateMillis, 500L), or(m.selfCheckMillis, 500L), or(m.verifyOnActivate, false),
                    m.settings == null ? MeterSpec.defaultSettings() : m.settings, m.components);
            int endpoints = (m.tcpPort != null ? 1 : 0) + (m.pty != null ? 1 : 0) + (m.medium != null ? 1 : 0);
            if (endpoints > 1) {
                throw new IllegalArgumentException("give at most one of tcpPort, pty and medium");
            }
            if (m.tcpPort != null && (m.tcpPort < 1 || m.tcpPort > 65_535)) {
                throw new IllegalArgumentException("tcpPort out of range: " + m.tcpPort);
            }
            int hdlc = or(m.hdlcAddress, 16 + index % 0x3FD0);
            if (hdlc < 16 || hdlc > 0x3FFD) {
                throw new IllegalArgumentException("hdlcAddress must be 16..16381: " + hdlc);
            }
            return new MeterPlan(spec, or(m.tcpPort, 0), m.pty, m.medium, hdlc, or(m.logicalDevice, 1),
                    security(m.id, m.security, index, keys, m.medium), link(m.link), m.faults == null ? FaultPlan.NONE : m.faults,
                    or(m.maxPduSize, 1024), or(m.hdlcMaxInfo, 2030), or(m.hdlcWindow, 7));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /**
     * A meter's security: HLS-GMAC with suite 0 ciphering unless its entry
     * says otherwise (SEC-5); explicit {@code none} or {@code low} are not
     * ciphered unless {@code ciphering} says so. Keys not given come from
     * {@code keys}; a ciphering meter on a shared medium gets the medium's
     * broadcast keys by default.
     */
    private static MeterSecurity security(String id, MeterConfig.SecurityConfig s, int index, MeterKeys keys,
            String medium) {
        byte[] title = new byte[] {'F', 'U', 'M', 0, (byte) (index >> 24), (byte) (index >> 16), (byte) (index >> 8),
            (byte) index};
        MeterConfig.SecurityConfig c = s == null ? new MeterConfig.SecurityConfig() : s;
        String auth = or(c.authentication, "high-gmac");
        boolean hls = "high-gmac".equals(auth) || "high-ecdsa".equals(auth);
        boolean ciphering = or(c.ciphering, hls);
        byte[] ek = MeterSecurity.hex(c.encryptionKey, "encryptionKey");
        byte[] ak = MeterSecurity.hex(c.authenticationKey, "authenticationKey");
        if (hls || ciphering) {
            ek = ek == null ? keys.encryptionKey(id) : ek;
            ak = ak == null ? keys.authenticationKey(id) : ak;
        }
        byte[] bk = MeterSecurity.hex(c.broadcastKey, "broadcastKey");
        byte[] bak = bk == null ? null : medium != null ? keys.broadcastAuthenticationKey(medium) : ak;
        if (bk == null && ciphering && medium != null) {
            bk = keys.broadcastKey(medium);
            bak = keys.broadcastAuthenticationKey(medium);
        }
        java.security.KeyPair signing = null;
        java.security.PublicKey client = null;
        if ("high-ecdsa".equals(auth)) {
            if (c.clientPublicKey == null) {
                throw new IllegalArgumentException("high-ecdsa needs security.clientPublicKey (the DCU's P-256 public"
                        + " key, PEM file)");
            }
            try {
                client = io.fums.emulator.meter.image.VendorKeys.readPublicKey(java.nio.file.Path.of(c.clientPublicKey));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("security.clientPublicKey: " + e.getMessage());
            }
            signing = MeterCertificates.keyPair(keys.ecdsaScalar(id));
        } else if (c.clientPublicKey != null) {
            throw new IllegalArgumentException("security.clientPublicKey is for high-ecdsa meters");
        }
        return new MeterSecurity(auth, c.password == null ? null : c.password.getBytes(StandardCharsets.US_ASCII),
                ek, ak, c.systemTitle == null ? title : MeterSecurity.hex(c.systemTitle, "systemTitle"), ciphering,
                signing, client, bk, bak);
    }

    static LinkProfile link(MeterConfig.LinkConfig l) {
        if (l == null) {
            return LinkProfile.UNLIMITED;
        }
        long rate = l.bytesPerSecond != null ? l.bytesPerSecond : l.baud != null ? l.baud / 10 : 0;
        return new LinkProfile(rate, or(l.latencyMillis, 0L), or(l.frameLossRate, 0.0),
                or(l.halfDuplex, l.baud != null), or(l.meanLossBurstFrames, 0.0));
    }

    private static List<MediumPlan> media(PopulationConfig c) {
        List<MediumPlan> out = new ArrayList<>();
        for (PopulationConfig.MediumConfig m : c.media == null ? List.<PopulationConfig.MediumConfig>of() : c.media) {
            if (m.id == null || m.pty == null) {
                throw new IllegalArgumentException("a medium needs an id and a pty path");
            }
            out.add(new MediumPlan(m.id, m.pty, link(m.link)));
        }
        return out;
    }

    private static void checkUnique(List<MeterPlan> meters, List<MediumPlan> media) {
        Set<Integer> ports = new HashSet<>();
        Set<String> ptys = new HashSet<>();
        Map<String, Set<Integer>> addresses = new HashMap<>();
        for (MediumPlan m : media) {
            addresses.put(m.id(), new HashSet<>());
            if (!ptys.add(m.pty())) {
                throw new IllegalArgumentException("medium " + m.id() + ": pty " + m.pty() + " used twice");
            }
        }
        for (MeterPlan m : meters) {
            String id = m.spec().meterId();
            if (m.tcpPort() != 0 && !ports.add(m.tcpPort())) {
                throw new IllegalArgumentException("meter " + id + ": TCP port " + m.tcpPort() + " used twice");
            }
            if (m.pty() != null && !ptys.add(m.pty())) {
                throw new IllegalArgumentException("meter " + id + ": pty " + m.pty() + " used twice");
            }
            if (m.medium() != null) {
                Set<Integer> used = addresses.get(m.medium());
                if (used == null) {
                    throw new IllegalArgumentException("meter " + id + ": no medium " + m.medium());
                }
                if (!used.add(m.hdlcAddress())) {
                    throw new IllegalArgumentException("meter " + id + ": HDLC address " + m.hdlcAddress()
                            + " used twice on " + m.medium());
                }
            }
        }
    }

    private static JsonObject withIndex(JsonObject o, int index) {
        JsonObject copy = o.deepCopy();
        copy.addProperty("_index", index);
        return copy;
    }

    /** {@code over} laid on {@code base}: objects merged field by field, anything else replaced. */
    static JsonObject merge(JsonObject base, JsonObject over) {
        JsonObject out = base.deepCopy();
        for (Map.Entry<String, JsonElement> e : over.entrySet()) {
            JsonElement old = out.get(e.getKey());
            if (old != null && old.isJsonObject() && e.getValue().isJsonObject()) {
                out.add(e.getKey(), merge(old.getAsJsonObject(), e.getValue().getAsJsonObject()));
            } else {
                out.add(e.getKey(), e.getValue().deepCopy());
            }
        }
        return out;
    }

    private static <T> T or(T v, T fallback) {
        return v == null ? fallback : v;
    }
}
