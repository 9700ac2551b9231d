package io.fums.meter.reading.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.fums.api.device.DeviceId;
import io.fums.api.device.DeviceType;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.dlms.security.Authentication;
import io.fums.dlms.security.SecurityKeys;
import io.fums.dlms.transport.HdlcSettings;
import io.fums.meter.reading.internal.Inventory.Endpoint;
import io.fums.meter.reading.internal.Inventory.HdlcEndpoint;
import io.fums.meter.reading.internal.Inventory.LinkSpec;
import io.fums.meter.reading.internal.Inventory.MeterEntry;
import io.fums.meter.reading.internal.Inventory.SecuritySpec;
import io.fums.meter.reading.internal.Inventory.TcpEndpoint;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and validates the inventory file (format: {@code docs/meters.md}).
 * Strict: an unknown field, a duplicate id, a meter on an undeclared link, a
 * malformed key or address rejects the whole file with
 * {@code CONFIG_INVALID} and a message that names the file, the meter and
 * the field. Stateless.
 */
final class InventoryParser {

    /** Larger files are refused: 10,000 meters with keys fit in far less. */
    static final long MAX_FILE_BYTES = 8L << 20;
    static final int DEFAULT_CLIENT_SAP = 0x10;
    static final int DEFAULT_LOGICAL_DEVICE = 1;

    private static final Set<String> TOP = Set.of("links", "meters");
    private static final Set<String> LINK = Set.of("id", "type", "port");
    private static final Set<String> METER = Set.of("id", "deviceType", "tcp", "link", "hdlcAddress", "clientSap",
            "logicalDevice", "hdlc", "security");
    private static final Set<String> HDLC = Set.of("window", "maxInfoField", "responseTimeoutMillis");
    private static final Set<String> SECURITY = Set.of("authentication", "password", "encryptionKey",
            "authenticationKey", "keyRef", "systemTitle", "ciphering", "certificate");
    /** The one value of {@code keyRef}: the meter's keys are in the DCU's key store. */
    static final String KEY_REF_STORE = "store";

    private InventoryParser() {
    }

    /**
     * Loads {@code file}.
     *
     * @return the inventory, or empty if the file does not exist
     * @throws FumsException {@code CONFIG_INVALID} naming what is wrong
     */
    static Optional<Inventory> load(Path file) throws FumsException {
        String name = file.toString();
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw invalid(name, "larger than " + MAX_FILE_BYTES + " bytes");
            }
            Inventory inv = parse(Files.readString(file, StandardCharsets.UTF_8), name);
            return Optional.of(MeterCertificates.resolve(inv, file.toAbsolutePath().getParent(), name));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw invalid(name, "cannot be read: " + e.getMessage());
        }
    }

    /**
     * Parses inventory JSON.
     *
     * @param source names the input in messages (the file)
     * @throws FumsException {@code CONFIG_INVALID} naming what is wrong
     */
    static Inventory parse(String json, String source) throws FumsException {
        JsonElement tree;
        try {
            JsonReader reader = new JsonReader(new StringReader(json));
            reader.setStrictness(Strictness.STRICT);
            tree = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonParseException("data after the JSON value");
            }
        } catch (JsonParseException | IOException e) {
            throw invalid(source, "not valid JSON: " + rootMessage(e));
        }
        if (!tree.isJsonObject()) {
            throw invalid(source, "not a JSON object");
        }
        JsonObject root = tree.getAsJsonObject();
        try {
            return inventory(root);
        } catch (IllegalArgumentException e) {
            throw invalid(source, e.getMessage());
        }
    }

    private static Inventory inventory(JsonObject root) {
        checkKeys(root, TOP, "the inventory");
        Map<String, LinkSpec> links = new LinkedHashMap<>();
        for (JsonObject l : objects(root, "links", "the inventory")) {
            LinkSpec spec = link(l);
            if (links.put(spec.id(), spec) != null) {
                throw new IllegalArgumentException("link id " + spec.id() + " is declared twice");
            }
        }
        List<MeterEntry> meters = new ArrayList<>();
        Map<String, MeterEntry> ids = new HashMap<>();
        Map<String, String> addresses = new HashMap<>();
        for (JsonObject m : objects(root, "meters", "the inventory")) {
            MeterEntry entry = meter(m, links);
            if (ids.putIfAbsent(entry.id(), entry) != null) {
                throw new IllegalArgumentException("meter id " + entry.id() + " is used twice");
            }
            Endpoint ep = entry.endpoint();
            String where = ep.address() + " logical device " + ep.logicalDevice();
            String other = addresses.putIfAbsent(where, entry.id());
            if (other != null) {
                throw new IllegalArgumentException("meter " + entry.id() + ": " + where + " is also meter " + other
                        + "'s address");
            }
            meters.add(entry);
        }
        return Inventory.of(List.copyOf(links.values()), meters);
    }

    private static LinkSpec link(JsonObject l) {
        String id = string(l, "id", "a link", true);
        String where = "link " + id;
        checkKeys(l, LINK, where);
        if (!DeviceId.isValid(id)) {
            throw new IllegalArgumentException(where + ": id must be 1 to 64 of A-Z a-z 0-9 . _ -");
        }
        String type = string(l, "type", where, false);
        if (type != null && !type.equals("serial")) {
            throw new IllegalArgumentException(where + ": type must be serial, not " + type);
        }
        return new LinkSpec(id, "serial", string(l, "port", where, false));
    }

    private static MeterEntry meter(JsonObject m, Map<String, LinkSpec> links) {
        String id = string(m, "id", "a meter", true);
        String where = "meter " + id;
        if (!DeviceId.isValid(id)) {
            throw new IllegalArgumentException(where + ": id must be 1 to 64 of A-Z a-z 0-9 . _ -, starting with a"
                    + " letter or digit");
        }
        checkKeys(m, METER, where);
        DeviceType type;
        try {
            type = DeviceType.of(string(m, "deviceType", where, true));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": deviceType: " + e.getMessage());
        }
        int clientSap = integer(m, "clientSap", where, 1, 0x7F, DEFAULT_CLIENT_SAP);
        int logicalDevice = integer(m, "logicalDevice", where, 1, 0x3FFF, DEFAULT_LOGICAL_DEVICE);
        String tcp = string(m, "tcp", where, false);
        String link = string(m, "link", where, false);
        Endpoint endpoint;
        if ((tcp == null) == (link == null)) {
            throw new IllegalArgumentException(where + ": give exactly one of tcp (HOST:PORT) and link (a serial"
                    + " link id)");
        }
        if (tcp != null) {
            for (String f : List.of("hdlcAddress", "hdlc")) {
                if (m.has(f)) {
                    throw new IllegalArgumentException(where + ": " + f + " is for meters on a serial link, not tcp");
                }
            }
            endpoint = tcp(tcp, clientSap, logicalDevice, where);
        } else {
            if (!links.containsKey(link)) {
                throw new IllegalArgumentException(where + ": unknown link " + link + " (declared links: "
                        + (links.isEmpty() ? "none" : String.join(", ", links.keySet())) + ")");
            }
            if (!m.has("hdlcAddress")) {
                throw new IllegalArgumentException(where + ": hdlcAddress is required on link " + link);
            }
            endpoint = hdlc(m, link, integer(m, "hdlcAddress", where, 0x10, 0x3FFD, 0), clientSap, logicalDevice,
                    where);
        }
        return new MeterEntry(id, type, endpoint, security(m, where));
    }

    /** A meter on a serial link, with the HDLC parameters the DCU proposes to it ({@code hdlc}, optional). */
    private static HdlcEndpoint hdlc(JsonObject m, String link, int address, int clientSap, int logicalDevice,
            String meter) {
        JsonElement e = m.get("hdlc");
        if (e == null || e.isJsonNull()) {
            return new HdlcEndpoint(link, address, clientSap, logicalDevice);
        }
        String where = meter + ": hdlc";
        if (!e.isJsonObject()) {
            throw new IllegalArgumentException(where + " must be an object (window, maxInfoField,"
                    + " responseTimeoutMillis)");
        }
        JsonObject h = e.getAsJsonObject();
        checkKeys(h, HDLC, where);
        return new HdlcEndpoint(link, address, clientSap, logicalDevice,
                integer(h, "window", where, 1, 7, HdlcEndpoint.DEFAULT_WINDOW),
                integer(h, "maxInfoField", where, HdlcSettings.MIN_INFO, HdlcSettings.MAX_INFO,
                        HdlcEndpoint.DEFAULT_MAX_INFO),
                Duration.ofMillis(integer(h, "responseTimeoutMillis", where, 100, 60_000,
                        (int) HdlcEndpoint.DEFAULT_RESPONSE_TIMEOUT.toMillis())));
    }

    private static TcpEndpoint tcp(String text, int clientSap, int logicalDevice, String where) {
        int colon = text.lastIndexOf(':');
        String host = colon > 0 ? text.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c == '/') || port < 1 || port > 65_535) {
            throw new IllegalArgumentException(where + ": tcp must be HOST:PORT with a port of 1..65535, not '"
                    + text + "'");
        }
        return new TcpEndpoint(host, port, clientSap, logicalDevice);
    }

    /** What to write, in the message that refuses a meter whose security is not said. */
    static final String SECURITY_HINT = "write \"security\": {\"authentication\": \"high-gmac\", \"ciphering\": true,"
            + " \"keyRef\": \"store\" (keys provisioned from the cloud; or, for a first import only, \"encryptionKey\":"
            + " <32 hex digits>, \"authenticationKey\": <32 hex digits>), \"systemTitle\":"
            + " <the DCU's, 16 hex digits>}, or \"security\": {\"authentication\": \"none\"} to read it unprotected"
            + " (reported as insecure)";

    /** A meter's security: required, no silent default (SEC-5). */
    private static SecuritySpec security(JsonObject m, String meter) {
        if (!m.has("security") || m.get("security").isJsonNull()) {
            throw new IllegalArgumentException(meter + ": security is required (SEC-5): " + SECURITY_HINT);
        }
        String where = meter + ": security";
        if (!m.get("security").isJsonObject()) {
            throw new IllegalArgumentException(where + " must be an object");
        }
        JsonObject s = m.getAsJsonObject("security");
        checkKeys(s, SECURITY, where);
        String auth = string(s, "authentication", where, false);
        if (auth == null) {
            throw new IllegalArgumentException(where + ": authentication is required (SEC-5): " + SECURITY_HINT);
        }
        Authentication a = switch (auth) {
            case "none" -> Authentication.NONE;
            case "low" -> Authentication.LOW;
            case "high-gmac" -> Authentication.HIGH_GMAC;
            case "high-ecdsa" -> Authentication.HIGH_ECDSA;
            default -> throw new IllegalArgumentException(where + ": authentication must be none, low, high-gmac or"
                    + " high-ecdsa, not " + auth);
        };
        boolean ciphering = bool(s, "ciphering", where);
        String password = string(s, "password", where, false);
        byte[] pw = null;
        if (a == Authentication.LOW) {
            if (password == null || password.isEmpty() || password.length() > 64
                    || !StandardCharsets.US_ASCII.newEncoder().canEncode(password)) {
                throw new IllegalArgumentException(where + ": low authentication needs a password of 1 to 64 ASCII"
                        + " characters");
            }
            pw = password.getBytes(StandardCharsets.US_ASCII);
        }
        SecurityKeys keys = null;
        byte[] title = null;
        if (a.hls() || ciphering) {
            String need = a.hls() ? auth : "ciphering";
            String ref = string(s, "keyRef", where, false);
            if (ref == null) {
                keys = new SecurityKeys(hex(s, "encryptionKey", 16, where, need),
                        hex(s, "authenticationKey", 16, where, need));
            } else if (!ref.equals(KEY_REF_STORE)) {
                throw new IllegalArgumentException(where + ": keyRef must be \"" + KEY_REF_STORE + "\" (the DCU's key"
                        + " store), not " + ref);
            } else if (s.has("encryptionKey") || s.has("authenticationKey")) {
                throw new IllegalArgumentException(where + ": give keyRef or the keys, not both");
            }
            title = hex(s, "systemTitle", 8, where, need);
        } else if (s.has("keyRef")) {
            throw new IllegalArgumentException(where + ": keyRef is for high-gmac, high-ecdsa or ciphered meters");
        }
        String certificate = string(s, "certificate", where, false);
        if (a == Authentication.HIGH_ECDSA && (certificate == null || certificate.isBlank())) {
            throw new IllegalArgumentException(where + ": high-ecdsa needs certificate (the meter's X.509 certificate"
                    + " file, PEM, P-256; relative to the inventory's folder)");
        } else if (a != Authentication.HIGH_ECDSA && certificate != null) {
            throw new IllegalArgumentException(where + ": certificate is for high-ecdsa meters");
        }
        return new SecuritySpec(a, pw, keys, title, ciphering,
                certificate == null ? null : new Inventory.MeterCertificateRef(certificate, null, null));
    }

    private static byte[] hex(JsonObject o, String field, int octets, String where, String need) {
        String v = string(o, field, where, false);
        if (v == null) {
            throw new IllegalArgumentException(where + ": " + need + " needs " + field + " (" + octets * 2
                    + " hex digits)");
        }
        byte[] b;
        try {
            b = HexFormat.of().parseHex(v);
        } catch (IllegalArgumentException e) {
            b = null;
        }
        if (b == null || b.length != octets) {
            throw new IllegalArgumentException(where + ": " + field + " must be " + octets * 2 + " hex digits ("
                    + octets + " octets)");
        }
        return b;
    }

    private static List<JsonObject> objects(JsonObject o, String field, String where) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return List.of();
        }
        if (!e.isJsonArray()) {
            throw new IllegalArgumentException(where + ": " + field + " must be an array");
        }
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement x : e.getAsJsonArray()) {
            if (!x.isJsonObject()) {
                throw new IllegalArgumentException(where + ": every entry of " + field + " must be an object");
            }
            out.add(x.getAsJsonObject());
        }
        return out;
    }

    private static void checkKeys(JsonObject o, Set<String> allowed, String where) {
        for (String k : o.keySet()) {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException(where + ": unknown field " + k + " (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String string(JsonObject o, String field, String where, boolean required) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            if (required) {
                throw new IllegalArgumentException(where + ": " + field + " is required");
            }
            return null;
        }
        if (!(e instanceof JsonPrimitive p) || !p.isString()) {
            throw new IllegalArgumentException(where + ": " + field + " must be a string");
        }
        return p.getAsString();
    }

    private static boolean bool(JsonObject o, String field, String where) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return false;
        }
        if (!(e instanceof JsonPrimitive p) || !p.isBoolean()) {
            throw new IllegalArgumentException(where + ": " + field + " must be true or false");
        }
        return p.getAsBoolean();
    }

    private static int integer(JsonObject o, String field, String where, int min, int max, int fallback) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        long v;
        try {
            if (!(e instanceof JsonPrimitive p) || !p.isNumber()) {
                throw new NumberFormatException();
            }
            v = p.getAsBigDecimal().longValueExact();
        } catch (NumberFormatException | ArithmeticException x) {
            throw new IllegalArgumentException(where + ": " + field + " must be an integer");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(where + ": " + field + " must be " + min + ".." + max + ", not " + v);
        }
        return (int) v;
    }

    private static FumsException invalid(String source, String message) {
        return new FumsException(ErrorCode.CONFIG_INVALID, "inventory " + source + ": " + message);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
