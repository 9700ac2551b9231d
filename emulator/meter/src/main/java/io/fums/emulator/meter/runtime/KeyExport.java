package io.fums.emulator.meter.runtime;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.config.MeterPlan;
import io.fums.emulator.meter.config.MeterSecurity;
import io.fums.emulator.meter.config.PopulationConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DCU's inventory without a key in it, and the meters' keys apart, as the
 * meter vendor's key export (SEC-1): every ciphered meter of
 * {@link InventoryWriter}'s inventory says {@code "keyRef": "store"} instead of
 * its keys, and the keys go to a file the operator's console provisions from
 * ({@code fums-console meters keys DCU --keys-file FILE}: one line per meter,
 * {@code METER-ID ENCRYPTION-KEY AUTHENTICATION-KEY}, 32 hex digits each),
 * written owner-only (mode 0600). Each shared medium whose ciphering meters
 * hold a broadcast key adds one line after the meters',
 * {@code medium MEDIUM-ID BROADCAST-KEY AUTHENTICATION-KEY} (the medium's
 * global broadcast key, then the authentication key its broadcasts carry;
 * the console provisions it as the medium's broadcast keys, SEC-3). The demo,
 * the end-to-end tests and the benchmarks write their DCU's
 * {@code meters.json} this way.
 */
public final class KeyExport {

    private KeyExport() {
    }

    /**
     * Writes the inventory of {@code emulator} to {@code inventoryFile} (replaced atomically) with every key
     * replaced by {@code "keyRef": "store"} (and the suite 1 meters' certificates beside it, as
     * {@link InventoryWriter#write} does), and the keys to {@code keysFile}.
     *
     * @return how many meters have keys in {@code keysFile} (the media's broadcast keys follow theirs)
     */
    public static int write(MeterEmulator emulator, PopulationConfig config, String host, Path inventoryFile,
            Path keysFile) throws IOException {
        JsonObject inventory = InventoryWriter.inventory(emulator, config, host,
                InventoryWriter.DEFAULT_CLIENT_SYSTEM_TITLE);
        List<String> lines = moveKeysOut(inventory);
        List<String> media = mediumKeyLines(emulator);
        InventoryWriter.writeCertificates(emulator, inventoryFile.toAbsolutePath().getParent());
        replace(inventoryFile, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(inventory)
                + "\n");
        Path dir = keysFile.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Files.deleteIfExists(keysFile);
        Files.createFile(keysFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        List<String> all = new ArrayList<>(lines);
        all.addAll(media);
        Files.write(keysFile, all, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        return lines.size();
    }

    /** The first word of a keys-file line that carries a shared medium's broadcast keys. */
    public static final String MEDIUM = "medium";

    /**
     * One key-file line per shared medium whose meters hold a broadcast key:
     * {@code medium MEDIUM-ID BROADCAST-KEY AUTHENTICATION-KEY}, in the order the media first appear among the
     * meters. The DCU holds one broadcast key per medium: the one its first ciphering meter holds (a meter
     * configured with another key takes no ciphered broadcast of the DCU).
     */
    public static List<String> mediumKeyLines(MeterEmulator emulator) {
        Map<String, String> media = new LinkedHashMap<>();
        HexFormat hex = HexFormat.of();
        for (MeterPlan p : emulator.population().plans()) {
            MeterSecurity s = p.security();
            if (p.medium() != null && s.broadcastKey() != null) {
                media.putIfAbsent(p.medium(), MEDIUM + " " + p.medium() + " " + hex.formatHex(s.broadcastKey()) + " "
                        + hex.formatHex(s.broadcastAuthenticationKey()));
            }
        }
        return new ArrayList<>(media.values());
    }

    /**
     * Replaces every meter's {@code encryptionKey} and {@code authenticationKey} in {@code inventory} with
     * {@code "keyRef": "store"}; returns the key-file lines, one per meter that had keys.
     */
    public static List<String> moveKeysOut(JsonObject inventory) {
        List<String> lines = new ArrayList<>();
        for (JsonElement e : inventory.getAsJsonArray("meters")) {
            JsonObject m = e.getAsJsonObject();
            JsonObject s = m.getAsJsonObject("security");
            if (s == null || !s.has("encryptionKey")) {
                continue;
            }
            lines.add(m.get("id").getAsString() + " " + s.remove("encryptionKey").getAsString() + " "
                    + s.remove("authenticationKey").getAsString());
            s.addProperty("keyRef", "store");
        }
        return lines;
    }

    private static void replace(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
