package io.fums.meter.reading.internal;

import io.fums.api.error.FumsException;
import io.fums.meter.access.MeterInfo;
import io.fums.meter.reading.internal.Inventory.MeterEntry;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meter inventory in use, loaded from its file (meters.json, docs/meters.md): reloaded when the file changes,
 * its plaintext keys moved into the key store (SEC-1), its insecure meters reported (SEC-5), and why the DCU cannot
 * use it (missing, empty or refused file; a refused file keeps the inventory loaded before). Thread-safe.
 */
final class InventoryLoader {

    private static final Logger LOG = LoggerFactory.getLogger(InventoryLoader.class);

    private final MeterKeyring keyring;
    private final AuditLog audit;
    private volatile Inventory inventory = Inventory.EMPTY;
    /** Why the inventory cannot be used (the last load failed, or there is no file); null while it can. */
    private volatile String problem;
    private FileTime loadedVersion;

    InventoryLoader(MeterKeyring keyring, AuditLog audit) {
        this.keyring = keyring;
        this.audit = audit;
    }

    /** The inventory in use (empty before the first load that found a valid file). */
    Inventory inventory() {
        return inventory;
    }

    /** Why the inventory cannot be used now, or empty while it can. */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /**
     * Loads {@code file} if it changed since the last load (or {@code force}); an invalid file is logged and audited
     * and changes nothing.
     *
     * @return true if the inventory in use was replaced (by the file's, or by none when there is no file)
     */
    synchronized boolean reload(Path file, boolean force) {
        FileTime version = version(file);
        if (!force && Objects.equals(version, loadedVersion)) {
            return false;
        }
        loadedVersion = version;
        try {
            Optional<Inventory> loaded = InventoryParser.load(file);
            if (loaded.isEmpty()) {
                LOG.warn("no meter inventory at {}: no meters to read", file);
                inventory = Inventory.EMPTY;
                problem = "no meter inventory at " + file + ": no meters to read; write the file "
                        + "(docs/meters.md) or set inventory in configuration " + ReadingSettings.PID;
            } else {
                // plaintext keys of the file go into the key store and out of memory (SEC-1)
                inventory = keyring.importKeys(loaded.get(), file);
                LOG.info("meter inventory {}: {} meters, {} serial links", file, inventory.meters().size(),
                        inventory.links().size());
                audit(AuditEvent.builder(AnomalyMonitor.ACTOR, "meter.inventory.load").subject(file.toString())
                        .detail("meters", inventory.meters().size()).detail("links", inventory.links().size())
                        .build());
                reportInsecure(inventory);
                problem = inventory.meters().isEmpty() ? "meter inventory " + file + " names no meter" : null;
            }
            return true;
        } catch (FumsException e) {
            LOG.error("{}: {}; {} meters of the previous inventory kept", e.code(), e.getMessage(),
                    inventory.meters().size());
            problem = "meter inventory " + file + " refused: " + e.code() + " " + e.getMessage() + "; "
                    + inventory.meters().size() + " meters of the previous inventory kept";
            audit(AuditEvent.builder(AnomalyMonitor.ACTOR, "meter.inventory.load").failed(e.code())
                    .subject(file.toString()).detail("message", e.getMessage()).build());
            return false;
        }
    }

    /** A WARN and an audit record per meter the inventory runs weaker than HLS-GMAC + suite 0 (SEC-5). */
    private void reportInsecure(Inventory inv) {
        for (MeterEntry m : inv.meters()) {
            if (m.security().insecure()) {
                LOG.warn("meter {}: security {} is weaker than {} (SEC-5): its readings and commands can be read"
                        + " or forged on its link", m.id(), m.security().label(), MeterInfo.SECURE);
                audit(AuditEvent.builder(AnomalyMonitor.ACTOR, "meter.insecure").subject(m.id())
                        .detail("security", m.security().label()).build());
            }
        }
    }

    private static FileTime version(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }

    private void audit(AuditEvent e) {
        try {
            audit.append(e);
        } catch (FumsException x) {
            LOG.error("audit entry {} not stored: {}", e.action(), x.toString());
        }
    }
}
