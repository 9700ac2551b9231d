package io.fums.crypto.pkg;

import com.google.gson.stream.JsonWriter;
import io.fums.api.device.DeviceType;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.api.firmware.FirmwareComponent;
import io.fums.api.firmware.FirmwareVersion;
import io.fums.crypto.PackageKind;
import io.fums.crypto.PackageManifest;
import io.fums.crypto.PayloadInfo;
import io.fums.crypto.ReleaseNotes;
import io.fums.crypto.internal.Fields;
import io.fums.crypto.internal.StrictJson;
import io.fums.crypto.internal.Text;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and writes {@code manifest.json} (format version 1). Reading is
 * strict: a missing field, an unknown field, a wrong type or an invalid value
 * is refused with {@code PKG_MANIFEST_INVALID} naming the field.
 */
public final class ManifestCodec {

    static final int MAX_DEVICE_TYPES = 256;
    static final int MAX_NOTES = 500;
    static final int MAX_NOTE_LENGTH = 2000;
    static final int MAX_PAYLOADS = 32;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String[] FIELDS = {"formatVersion", "kind", "name", "version", "vendor", "compatibleDeviceTypes",
        "prerequisites", "releaseNotes", "payloads", "createdAt", "downgrade", "component"};
    private static final PayloadInfo PLACEHOLDER = new PayloadInfo("placeholder", 0, "0".repeat(64));

    private ManifestCodec() {
    }

    /** Parses the bytes of a package's manifest. */
    public static PackageManifest parse(byte[] bytes) throws FumsException {
        return parse(bytes, false, null);
    }

    /**
     * Parses a manifest template for building a package: every field but
     * {@code payloads}, which must be absent (the builder computes it), and
     * {@code createdAt}, which defaults to {@code now}. The result carries one
     * placeholder payload, to be replaced with {@link PackageManifest#withPayloads}.
     */
    public static PackageManifest parseTemplate(byte[] bytes, Instant now) throws FumsException {
        return parse(bytes, true, now);
    }

    private static PackageManifest parse(byte[] bytes, boolean template, Instant now) throws FumsException {
        ErrorCode code = ErrorCode.PKG_MANIFEST_INVALID;
        Fields f = Fields.of(StrictJson.parseObject(bytes, code, "manifest"), code, "manifest");
        f.allowOnly(FIELDS);
        int formatVersion = (int) f.integer("formatVersion", 1, Integer.MAX_VALUE);
        if (formatVersion != PackageManifest.FORMAT_VERSION) {
            throw f.invalid("formatVersion", "is " + formatVersion + "; this DCU reads format version "
                    + PackageManifest.FORMAT_VERSION + " only");
        }
        PackageKind kind = enumValue(f, "kind");
        String name = f.string("name", 64);
        if (!NAME.matcher(name).matches()) {
            throw f.invalid("name", "must be 1 to 64 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit");
        }
        FirmwareVersion version = version(f, "version", f.string("version", 64));
        String vendor = f.string("vendor", 128);
        List<DeviceType> types = new ArrayList<>();
        List<String> typeNames = f.strings("compatibleDeviceTypes", MAX_DEVICE_TYPES, 64);
        for (int i = 0; i < typeNames.size(); i++) {
            types.add(deviceType(f, "compatibleDeviceTypes[" + i + "]", typeNames.get(i)));
        }
        if (types.isEmpty()) {
            throw f.invalid("compatibleDeviceTypes", "must list at least one device type");
        }
        if (types.stream().distinct().count() != types.size()) {
            throw f.invalid("compatibleDeviceTypes", "lists a device type twice");
        }
        Map<DeviceType, FirmwareVersion> prerequisites = new LinkedHashMap<>();
        for (String[] e : f.stringMap("prerequisites", MAX_DEVICE_TYPES, 64)) {
            String field = "prerequisites." + Text.printable(e[0]);
            prerequisites.put(deviceType(f, field, e[0]), version(f, field, e[1]));
        }
        Fields notes = f.object("releaseNotes");
        notes.allowOnly("newFunctions", "fixedProblems");
        ReleaseNotes releaseNotes = new ReleaseNotes(notes.strings("newFunctions", MAX_NOTES, MAX_NOTE_LENGTH),
                notes.strings("fixedProblems", MAX_NOTES, MAX_NOTE_LENGTH));
        List<PayloadInfo> payloads = template ? templatePayloads(f) : payloads(f);
        Instant createdAt = template && !f.has("createdAt") ? now.truncatedTo(ChronoUnit.SECONDS) : f.time("createdAt");
        boolean downgrade = f.bool("downgrade", false);
        FirmwareComponent component = component(f, kind);
        try {
            return new PackageManifest(formatVersion, kind, name, version, vendor, types, prerequisites, releaseNotes,
                    payloads, createdAt, downgrade, component);
        } catch (IllegalArgumentException e) {
            throw new FumsException(code, "manifest: " + e.getMessage(), e);
        }
    }

    private static List<PayloadInfo> templatePayloads(Fields f) throws FumsException {
        if (f.has("payloads")) {
            throw f.invalid("payloads", "must not be in a template: build computes it from the payload files");
        }
        return List.of(PLACEHOLDER);
    }

    private static List<PayloadInfo> payloads(Fields f) throws FumsException {
        List<PayloadInfo> out = new ArrayList<>();
        for (Fields p : f.objects("payloads", MAX_PAYLOADS)) {
            p.allowOnly("file", "size", "sha256");
            String file = p.string("file", 200);
            if (!PayloadInfo.isValidFileName(file)) {
                throw p.invalid("file", "must be segments of A-Z a-z 0-9 . _ - separated by /, without '..',"
                        + " not manifest.json or signatures/...");
            }
            long size = p.integer("size", 0, Long.MAX_VALUE);
            String sha = p.string("sha256", 64);
            if (!sha.matches("[0-9a-f]{64}")) {
                throw p.invalid("sha256", "must be 64 lower-case hex digits");
            }
            out.add(new PayloadInfo(file, size, sha));
        }
        if (out.isEmpty()) {
            throw f.invalid("payloads", "must list at least one file");
        }
        if (out.stream().map(PayloadInfo::file).distinct().count() != out.size()) {
            throw f.invalid("payloads", "lists a file twice");
        }
        return out;
    }

    /** Optional {@code component} (meter firmware only): absent is the core, as in every package before it. */
    private static FirmwareComponent component(Fields f, PackageKind kind) throws FumsException {
        if (!f.has("component")) {
            return FirmwareComponent.CORE;
        }
        String v = f.string("component", 32);
        if (kind != PackageKind.METER_FIRMWARE) {
            throw f.invalid("component", "is for meter-firmware packages only");
        }
        return FirmwareComponent.fromId(v).orElseThrow(() -> f.invalid("component", "is '" + Text.printable(v)
                + "', expected core, metrology or communication"));
    }

    private static PackageKind enumValue(Fields f, String field) throws FumsException {
        String v = f.string(field, 32);
        try {
            return PackageKind.fromId(v);
        } catch (IllegalArgumentException e) {
            throw f.invalid(field, "is '" + Text.printable(v) + "', expected meter-firmware or dcu-software", e);
        }
    }

    private static FirmwareVersion version(Fields f, String field, String text) throws FumsException {
        try {
            return FirmwareVersion.parse(text);
        } catch (IllegalArgumentException e) {
            throw f.invalid(field, "is not a version: " + e.getMessage(), e);
        }
    }

    private static DeviceType deviceType(Fields f, String field, String text) throws FumsException {
        try {
            return DeviceType.of(text);
        } catch (IllegalArgumentException e) {
            throw f.invalid(field, "is not a device type: " + e.getMessage(), e);
        }
    }

    /** The manifest as UTF-8 JSON, fields in schema order, two-space indent, final newline. */
    public static byte[] write(PackageManifest m) {
        StringWriter out = new StringWriter();
        try (JsonWriter w = new JsonWriter(out)) {
            w.setIndent("  ");
            w.beginObject();
            w.name("formatVersion").value(m.formatVersion());
            w.name("kind").value(m.kind().id());
            w.name("name").value(m.name());
            w.name("version").value(m.version().toString());
            w.name("vendor").value(m.vendor());
            w.name("compatibleDeviceTypes").beginArray();
            for (DeviceType t : m.compatibleDeviceTypes()) {
                w.value(t.value());
            }
            w.endArray();
            w.name("prerequisites").beginObject();
            for (Map.Entry<DeviceType, FirmwareVersion> e : m.prerequisites().entrySet()) {
                w.name(e.getKey().value()).value(e.getValue().toString());
            }
            w.endObject();
            w.name("releaseNotes").beginObject();
            writeStrings(w.name("newFunctions"), m.releaseNotes().newFunctions());
            writeStrings(w.name("fixedProblems"), m.releaseNotes().fixedProblems());
            w.endObject();
            w.name("payloads").beginArray();
            for (PayloadInfo p : m.payloads()) {
                w.beginObject().name("file").value(p.file()).name("size").value(p.size()).name("sha256").value(p.sha256()).endObject();
            }
            w.endArray();
            w.name("createdAt").value(m.createdAt().toString());
            w.name("downgrade").value(m.downgrade());
            if (m.component() != FirmwareComponent.CORE) {
                w.name("component").value(m.component().id());
            }
            w.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (out + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void writeStrings(JsonWriter w, List<String> values) throws IOException {
        w.beginArray();
        for (String s : values) {
            w.value(s);
        }
        w.endArray();
    }
}
