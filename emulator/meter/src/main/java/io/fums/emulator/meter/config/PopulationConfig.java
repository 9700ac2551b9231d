package io.fums.emulator.meter.config;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The population file (JSON): where state goes, which vendor keys the meters
 * trust, the control port, shared media, and the meters, as defaults,
 * groups and single meters. Example and field reference: the module's
 * README. Resolve it with {@link PopulationPlanner}.
 */
public final class PopulationConfig {

    private static final long MAX_FILE = 16L << 20;

    String stateDir;
    Boolean fsync;
    List<String> vendorKeys;
    Integer controlPort;
    String bindAddress;
    Long checkpointSeconds;
    JsonObject defaults;
    List<JsonObject> groups;
    List<JsonObject> meters;
    List<MediumConfig> media;

    /** A shared medium: its pty and link. */
    static final class MediumConfig {
        String id;
        String pty;
        MeterConfig.LinkConfig link;
    }

    /** Parses the population file. */
    public static PopulationConfig load(Path file, Gson gson) throws IOException {
        if (Files.size(file) > MAX_FILE) {
            throw new ConfigFileException(file + ": larger than a population file can be");
        }
        try {
            JsonObject tree = com.google.gson.JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                    .getAsJsonObject();
            ConfigKeys.check(tree, PopulationConfig.class, file.getFileName().toString());
            if (tree.has("media")) {
                for (var m : tree.getAsJsonArray("media")) {
                    ConfigKeys.check(m.getAsJsonObject(), MediumConfig.class, "medium " + m.getAsJsonObject().get("id"));
                }
            }
            PopulationConfig c = gson.fromJson(tree, PopulationConfig.class);
            Path base = file.toAbsolutePath().getParent();
            c.stateDir = c.stateDir == null ? null : base.resolve(c.stateDir).toString();
            if (c.vendorKeys != null) {
                c.vendorKeys = c.vendorKeys.stream().map(k -> base.resolve(k).toString()).toList();
            }
            return c;
        } catch (JsonParseException | IllegalStateException e) {
            throw new ConfigFileException(file + ": not a population file: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ConfigFileException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A fault plan from JSON (a control request), with the population
     * file's checks.
     *
     * @throws IllegalArgumentException for an unknown field or a value out of range
     */
    public static io.fums.emulator.meter.fault.FaultPlan parseFaults(com.google.gson.JsonElement json, Gson gson) {
        if (json == null || !json.isJsonObject()) {
            throw new IllegalArgumentException("faults must be an object");
        }
        ConfigKeys.check(json.getAsJsonObject(), io.fums.emulator.meter.fault.FaultPlan.class, "faults");
        try {
            return gson.fromJson(json, io.fums.emulator.meter.fault.FaultPlan.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("faults: " + rootMessage(e), e);
        }
    }

    /** The message of the innermost cause. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** An empty population, to be filled from the command line. */
    public static PopulationConfig empty() {
        return new PopulationConfig();
    }

    /** Adds a group of {@code count} meters on TCP ports from {@code tcpPortBase} (0: no endpoint). */
    public PopulationConfig addTcpGroup(String id, int count, int tcpPortBase) {
        JsonObject g = new JsonObject();
        g.addProperty("id", id);
        g.addProperty("count", count);
        if (tcpPortBase > 0) {
            g.addProperty("tcpPortBase", tcpPortBase);
        }
        if (groups == null) {
            groups = new ArrayList<>();
        }
        groups.add(g);
        return this;
    }

    /** Sets a default meter setting (a field of a meter entry) for every meter. */
    public PopulationConfig defaultSetting(String field, Object value) {
        if (defaults == null) {
            defaults = new JsonObject();
        }
        if (value instanceof Number n) {
            defaults.addProperty(field, n);
        } else if (value instanceof Boolean b) {
            defaults.addProperty(field, b);
        } else {
            defaults.addProperty(field, String.valueOf(value));
        }
        return this;
    }

    /** Gives every meter its own serial line of {@code baud} (8N1, half duplex). */
    public PopulationConfig defaultLink(long baud) {
        if (defaults == null) {
            defaults = new JsonObject();
        }
        JsonObject link = new JsonObject();
        link.addProperty("baud", baud);
        defaults.add("link", link);
        return this;
    }

    public PopulationConfig stateDir(String dir) {
        stateDir = dir;
        return this;
    }

    public PopulationConfig addVendorKey(String pem) {
        vendorKeys = new ArrayList<>(vendorKeys == null ? List.of() : vendorKeys);
        vendorKeys.add(pem);
        return this;
    }

    public PopulationConfig controlPort(int port) {
        controlPort = port;
        return this;
    }

    public PopulationConfig fsync(boolean v) {
        fsync = v;
        return this;
    }

    /** Where meter folders go; default {@code meter-state}. */
    public Path stateDirOrDefault() {
        return Path.of(stateDir == null ? "meter-state" : stateDir);
    }

    public boolean fsyncOrDefault() {
        return fsync != null && fsync;
    }

    public List<String> vendorKeysOrEmpty() {
        return vendorKeys == null ? List.of() : vendorKeys;
    }

    /** The loopback control port, 0 for none. */
    public int controlPortOrNone() {
        return controlPort == null ? 0 : controlPort;
    }

    /** The address listeners bind to; default 127.0.0.1. */
    public String bindAddressOrDefault() {
        return bindAddress == null ? "127.0.0.1" : bindAddress;
    }

    /** How often registers are saved, seconds; default 60. */
    public long checkpointSecondsOrDefault() {
        return checkpointSeconds == null ? 60 : Math.max(1, checkpointSeconds);
    }
}
