package io.fums.meter.reading.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.DlmsKeys;
import io.fums.crypto.KeyEncryptionKey;
import io.fums.dlms.security.SecurityKeys;
import io.fums.meter.access.MeterKeys.BroadcastKeyInfo;
import io.fums.meter.access.MeterKeys.KeyInfo;
import io.fums.meter.access.MeterKeys.Source;
import io.fums.meter.reading.internal.Inventory.MeterEntry;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meters' keys between the inventory, the cloud and the associations
 * (SEC-1): imports plaintext keys of the inventory file into the
 * {@link MeterKeyStore} (and drops them from memory), stores provisioned keys,
 * and unwraps a meter's keys for each association. Audits every change, with
 * key ids only. Thread-safe.
 */
final class MeterKeyring implements MeterConnector.KeySource {

    static final String ACTOR = "dcu";
    private static final Logger LOG = LoggerFactory.getLogger(MeterKeyring.class);

    private final MeterKeyStore store;
    private final CounterStore counters;
    private final AuditLog audit;
    private final ECPrivateKey clientSigningKey;

    /**
     * @param clientSigningKey the DCU's HLS-ECDSA client key ({@link io.fums.crypto.DlmsKeys}), or null: then
     *                         high-ecdsa meters cannot be associated ({@code CONFIG_MISSING})
     */
    MeterKeyring(MeterKeyStore store, CounterStore counters, AuditLog audit, ECPrivateKey clientSigningKey) {
        this.store = store;
        this.counters = counters;
        this.audit = audit;
        this.clientSigningKey = clientSigningKey;
    }

    /**
     * Wraps the inventory's plaintext keys into the store and returns the inventory without them. A meter whose
     * stored keys came from the cloud keeps them: the file's differing keys are ignored (WARN, audited).
     *
     * @throws FumsException {@code STORAGE_*}: keys not stored; the caller keeps its previous inventory
     */
    Inventory importKeys(Inventory inv, Path file) throws FumsException {
        List<MeterEntry> meters = new ArrayList<>();
        int plaintext = 0;
        for (MeterEntry m : inv.meters()) {
            SecurityKeys keys = m.security().keys();
            if (keys == null) {
                if (m.security().usesCounters() && store.info(m.id()).isEmpty()) {
                    LOG.warn("meter {}: no keys in the DCU's key store yet: provision them from the cloud"
                            + " (meters.keys.provision); its associations fail until then", m.id());
                }
                meters.add(m);
                continue;
            }
            plaintext++;
            importOne(m.id(), keys);
            meters.add(m.withoutKeys());
        }
        if (plaintext > 0) {
            LOG.warn("inventory {} holds the plaintext keys of {} meters: they are wrapped into the DCU's key store;"
                    + " remove them from the file (write \"keyRef\": \"store\" instead)", file, plaintext);
            audit(AuditEvent.builder(ACTOR, "meter.keys.plaintext").subject(file.toString())
                    .detail("meters", plaintext).detail("message", "remove the plaintext keys from the inventory"
                            + " file; they are in the key store").build());
        }
        return Inventory.of(inv.links(), meters);
    }

    private void importOne(String meter, SecurityKeys keys) throws FumsException {
        Optional<KeyInfo> stored = store.info(meter);
        String ek = KeyEncryptionKey.fingerprint(keys.blockCipherKey());
        String ak = KeyEncryptionKey.fingerprint(keys.authenticationKey());
        if (stored.isPresent() && stored.get().encryptionKeyId().equals(ek)
                && stored.get().authenticationKeyId().equals(ak)) {
            return;
        }
        if (stored.isPresent() && stored.get().source() == Source.CLOUD) {
            LOG.warn("meter {}: the inventory's keys ({}, {}) differ from the keys provisioned from the cloud"
                    + " ({}, {}): the provisioned keys are used", meter, ek, ak, stored.get().encryptionKeyId(),
                    stored.get().authenticationKeyId());
            audit(AuditEvent.builder(ACTOR, "meter.keys.import").subject(meter).detail("kept", "cloud")
                    .detail("encryptionKeyId", ek).detail("authenticationKeyId", ak).build());
            return;
        }
        KeyInfo info = store.put(meter, keys, Source.INVENTORY);
        if (stored.isPresent() && !stored.get().encryptionKeyId().equals(ek)) {
            counters.keysChanged(meter);
        }
        audit(event("meter.keys.import", info).detail("replaced", stored.isPresent()).build());
    }

    /** Stores keys from the cloud (the caller checked the meter is in the inventory). */
    KeyInfo provision(String meter, byte[] encryptionKey, byte[] authenticationKey) throws FumsException {
        if (encryptionKey == null || authenticationKey == null || encryptionKey.length != 16
                || authenticationKey.length != 16) {
            throw new FumsException(ErrorCode.CMD_MALFORMED, "meter " + meter + ": security suite 0 keys have 16"
                    + " octets each");
        }
        Optional<KeyInfo> before = store.info(meter);
        KeyInfo info = store.put(meter, new SecurityKeys(encryptionKey, authenticationKey), Source.CLOUD);
        if (before.isPresent() && !before.get().encryptionKeyId().equals(info.encryptionKeyId())) {
            // a new key starts a new counter space at the meter (Green Book): its old counters are no replay guard
            counters.keysChanged(meter);
        }
        AuditEvent.Builder b = event("meter.keys.store", info);
        before.ifPresent(p -> b.detail("previousEncryptionKeyId", p.encryptionKeyId())
                .detail("previousAuthenticationKeyId", p.authenticationKeyId()));
        audit(b.build());
        LOG.info("meter {}: keys {} / {} stored, wrapped with KEK {}; the next association uses them", meter,
                info.encryptionKeyId(), info.authenticationKeyId(), info.kekId());
        return info;
    }

    /** Stores a shared medium's broadcast keys from the cloud (the caller checked the medium is in the inventory). */
    BroadcastKeyInfo provisionBroadcast(String medium, byte[] broadcastKey, byte[] authenticationKey)
            throws FumsException {
        if (broadcastKey == null || authenticationKey == null || broadcastKey.length != 16
                || authenticationKey.length != 16) {
            throw new FumsException(ErrorCode.CMD_MALFORMED, "medium " + medium + ": the broadcast key and the"
                    + " authentication key have 16 octets each");
        }
        Optional<BroadcastKeyInfo> before = store.broadcastInfo(medium);
        BroadcastKeyInfo info = store.putBroadcast(medium, broadcastKey.clone(), authenticationKey.clone());
        AuditEvent.Builder b = AuditEvent.builder(ACTOR, "meter.keys.broadcast.store").subject(medium)
                .detail("broadcastKeyId", info.broadcastKeyId()).detail("authenticationKeyId",
                        info.authenticationKeyId()).detail("kekId", info.kekId());
        before.ifPresent(p -> b.detail("previousBroadcastKeyId", p.broadcastKeyId())
                .detail("previousAuthenticationKeyId", p.authenticationKeyId()));
        audit(b.build());
        LOG.info("medium {}: broadcast keys {} / {} stored, wrapped with KEK {}", medium, info.broadcastKeyId(),
                info.authenticationKeyId(), info.kekId());
        return info;
    }

    Optional<BroadcastKeyInfo> broadcastInfo(String medium) throws FumsException {
        return store.broadcastInfo(medium);
    }

    Optional<KeyInfo> info(String meter) throws FumsException {
        return store.info(meter);
    }

    /** The keys of a rotation pending for the meter. */
    Optional<KeyInfo> pending(String meter) throws FumsException {
        return store.pendingInfo(meter).map(MeterKeyStore.Pending::info);
    }

    @Override
    public SecurityKeys keys(String meter) throws FumsException {
        return store.keys(meter).orElseThrow(() -> new FumsException(ErrorCode.CONFIG_MISSING, "no keys for meter "
                + meter + " in the DCU's key store: provision them from the cloud (meters.keys.provision)"));
    }

    @Override
    public ECPrivateKey clientSigningKey() throws FumsException {
        if (clientSigningKey == null) {
            throw new FumsException(ErrorCode.CONFIG_MISSING, "no DLMS client signing key (" + DlmsKeys.CLIENT_KEY_FILE
                    + ") loaded: high-ecdsa meters cannot be associated");
        }
        return clientSigningKey;
    }

    private static AuditEvent.Builder event(String action, KeyInfo info) {
        return AuditEvent.builder(ACTOR, action).subject(info.meterId())
                .detail("encryptionKeyId", info.encryptionKeyId())
                .detail("authenticationKeyId", info.authenticationKeyId()).detail("kekId", info.kekId())
                .detail("source", info.source().name().toLowerCase(java.util.Locale.ROOT));
    }

    private void audit(AuditEvent e) {
        try {
            audit.append(e);
        } catch (FumsException x) {
            LOG.error("audit entry {} not stored: {}", e.action(), x.toString());
        }
    }
}
