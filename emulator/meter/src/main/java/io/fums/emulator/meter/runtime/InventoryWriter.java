package io.fums.emulator.meter.runtime;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.config.MediumPlan;
import io.fums.emulator.meter.config.MeterPlan;
import io.fums.emulator.meter.config.MeterCertificates;
import io.fums.emulator.meter.config.MeterSecurity;
import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.config.PopulationPlanner;
import io.fums.emulator.meter.store.MeterStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;

/**
 * Writes the DCU's meter inventory (the io.fums.meter.reading bundle's
 * {@code meters.json}, see {@code docs/meters.md}) for a started emulator,
 * so that a DCU, a test or the demo reads the emulated population: every
 * meter on a TCP port as {@code "tcp": "HOST:PORT"}, every meter on a pty or
 * a shared medium as {@code "link"} with its {@code "hdlcAddress"}, with its
 * device type and association security (always written, {@code none}
 * too: the DCU refuses a meter without; keys and the DCU's system title for
 * HLS-GMAC and ciphered meters, the emulator's default). Shared media and single-meter ptys
 * become serial links whose {@code port} is the pty path (configure an
 * {@code io.fums.link.serial} link of that name with that port). Meters
 * without an endpoint are left out.
 *
 * <p>The DCU needs its own system title for HLS and ciphering; the writer
 * puts {@link #DEFAULT_CLIENT_SYSTEM_TITLE} unless told another one.
 * High-ecdsa meters (security suite 1) get {@code "certificate":
 * "certs/ID.crt.pem"}: {@link #write} puts each meter's self-signed
 * certificate ({@link MeterCertificates}) there, next to the inventory.
 */
public final class InventoryWriter {

    /** The DCU's system title written for meters with HLS or ciphering: "FDC" and 1. */
    public static final String DEFAULT_CLIENT_SYSTEM_TITLE = "4644430000000001";

    private InventoryWriter() {
    }

    /**
     * Writes the inventory of {@code emulator}, started from {@code config},
     * to {@code file} (replaced atomically), with the TCP ports on
     * {@code host} and the default client system title.
     */
    public static void write(MeterEmulator emulator, PopulationConfig config, String host, Path file)
            throws IOException {
        String json = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
                .toJson(inventory(emulator, config, host, DEFAULT_CLIENT_SYSTEM_TITLE));
        Path dir = file.toAbsolutePath().getParent();
        writeCertificates(emulator, dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, json + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writes each high-ecdsa meter's self-signed certificate to
     * {@link #certificatePath} under {@code dir}, the inventory's folder.
     */
    public static void writeCertificates(MeterEmulator emulator, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (MeterPlan p : emulator.population().plans()) {
            MeterSecurity s = p.security();
            if (s.signingKey() != null) {
                Path cert = dir.resolve(certificatePath(p.spec().meterId()));
                Files.createDirectories(cert.getParent());
                Files.writeString(cert, MeterCertificates.certificatePem(s.signingKey(), p.spec().meterId(),
                        s.systemTitle()), StandardCharsets.US_ASCII);
            }
        }
    }

    /**
     * The inventory as a JSON tree.
     *
     * @param host              the address the DCU reaches the TCP ports at, e.g. 127.0.0.1
     * @param clientSystemTitle the DCU's system title (16 hex digits) for meters with HLS or ciphering
     */
    public static JsonObject inventory(MeterEmulator emulator, PopulationConfig config, String host,
            String clientSystemTitle) {
        JsonArray links = new JsonArray();
        for (MediumPlan m : PopulationPlanner.plan(config, MeterStore.newGson()).media()) {
            links.add(link(m.id(), m.pty()));
        }
        JsonArray meters = new JsonArray();
        for (MeterPlan p : emulator.population().plans()) {
            String id = p.spec().meterId();
            JsonObject m = new JsonObject();
            m.addProperty("id", id);
            m.addProperty("deviceType", p.spec().deviceType());
            if (p.tcpPort() > 0) {
                m.addProperty("tcp", (host.contains(":") ? "[" + host + "]" : host) + ":" + p.tcpPort());
            } else if (p.medium() != null || p.pty() != null) {
                String link = p.medium();
                if (link == null) {
                    link = "pty-" + id;
                    links.add(link(link, p.pty()));
                }
                m.addProperty("link", link);
                m.addProperty("hdlcAddress", p.hdlcAddress());
            } else {
                continue;
            }
            if (p.logicalDevice() != 1) {
                m.addProperty("logicalDevice", p.logicalDevice());
            }
            m.add("security", security(p.security(), clientSystemTitle));
            if (p.security().signingKey() != null) {
                m.getAsJsonObject("security").addProperty("certificate", certificatePath(id));
            }
            meters.add(m);
        }
        JsonObject root = new JsonObject();
        root.add("links", links);
        root.add("meters", meters);
        return root;
    }

    private static JsonObject link(String id, String pty) {
        JsonObject l = new JsonObject();
        l.addProperty("id", id);
        l.addProperty("type", "serial");
        l.addProperty("port", Path.of(pty).toAbsolutePath().toString());
        return l;
    }

    /** Where {@link #write} puts a high-ecdsa meter's certificate, relative to the inventory's folder. */
    public static String certificatePath(String meterId) {
        return "certs/" + meterId + ".crt.pem";
    }

    /** Always written: the DCU refuses a meter whose security is not said (SEC-5). */
    private static JsonObject security(MeterSecurity s, String clientSystemTitle) {
        HexFormat hex = HexFormat.of();
        JsonObject o = new JsonObject();
        o.addProperty("authentication", s.authentication());
        if (s.password() != null) {
            o.addProperty("password", new String(s.password(), StandardCharsets.US_ASCII));
        }
        if (s.encryptionKey() != null) {
            o.addProperty("encryptionKey", hex.formatHex(s.encryptionKey()));
            o.addProperty("authenticationKey", hex.formatHex(s.authenticationKey()));
            o.addProperty("systemTitle", clientSystemTitle);
        }
        if (s.ciphering()) {
            o.addProperty("ciphering", true);
        }
        return o;
    }
}
