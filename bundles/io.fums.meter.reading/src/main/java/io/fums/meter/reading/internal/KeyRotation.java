package io.fums.meter.reading.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.dlms.client.DlmsRefusedException;
import io.fums.dlms.client.MeterObjects;
import io.fums.dlms.client.SecuritySetupClient;
import io.fums.dlms.cosem.SecuritySetup.KeyId;
import io.fums.dlms.security.SecurityKeys;
import io.fums.meter.access.MeterKeys.KeyInfo;
import io.fums.meter.reading.internal.Inventory.MeterEntry;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key rotation on the meter (SEC-1): new keys PENDING in the
 * {@link MeterKeyStore}, key_transfer under the old keys, the meter read
 * under the new keys (confirm), then the new keys ACTIVE and the old ones
 * forgotten. A meter with pending keys left by an interrupted rotation is
 * settled at its next contact ({@link #settle}): an association under the
 * new keys, else under the old ones, and the store keeps what the meter
 * holds; while neither works the keys stay pending and the next contact
 * tries again. One rotation or settlement per meter at a time.
 *
 * <p>Trying new keys first costs one refused association (audited as an
 * authentication failure) when the meter never took them; trying the old
 * ones first would cost the same when it did. Before an association under
 * new keys the DCU forgets the meter's last invocation counter
 * ({@link CounterStore#keysChanged}): the meter counts anew under new keys.
 * Thread-safe.
 */
final class KeyRotation {

    /** The steps after which a DCU kill leaves a distinct state (for tests). */
    enum Step { PENDING_STORED, TRANSFERRED, CONFIRMED, ACTIVE }

    /** Told each step as it is done; tests make it throw to stand for a kill. */
    interface StepListener {
        void reached(String meter, Step step);
    }

    /** Associations with a meter under given keys (MeterConnector#readWith). */
    interface Meters {
        <T> T readWith(MeterEntry meter, SecurityKeys keys, MeterConnector.Read<T> read) throws FumsException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(KeyRotation.class);
    private final MeterKeyStore store;
    private final CounterStore counters;
    private final Meters meters;
    private final AuditLog audit;
    private final Duration lockTimeout;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** The meters with pending keys: a contact checks this set, not the database. */
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private volatile StepListener listener = (m, s) -> { };

    KeyRotation(MeterKeyStore store, CounterStore counters, Meters meters, AuditLog audit, Duration lockTimeout)
            throws FumsException {
        this.store = store;
        this.counters = counters;
        this.meters = meters;
        this.audit = audit;
        this.lockTimeout = lockTimeout;
        pending.addAll(store.pendingMeters());
        if (!pending.isEmpty()) {
            LOG.warn("meters {} have keys of an interrupted rotation pending: settled at their next contact", pending);
        }
    }

    void listener(StepListener l) {
        listener = l;
    }

    /** The meters with pending keys. */
    Set<String> pendingMeters() {
        return Set.copyOf(pending);
    }

    /** See {@link io.fums.meter.access.MeterKeys#rotate}. */
    KeyInfo rotate(MeterEntry m, byte[] masterKey, byte[] encryptionKey, byte[] authenticationKey)
            throws FumsException {
        String meter = m.id();
        if (!sized(masterKey) || !sized(encryptionKey) || !sized(authenticationKey)) {
            throw refused(meter, new FumsException(ErrorCode.CMD_MALFORMED, "meter " + meter + ": the master key and"
                    + " the new keys have 16 octets each; nothing was changed"));
        }
        if (!m.security().usesCounters()) {
            throw refused(meter, new FumsException(ErrorCode.CMD_MALFORMED, "meter " + meter + " runs security "
                    + m.security().label() + ": it has no keys to rotate; nothing was changed"));
        }
        ReentrantLock lock = lock(meter);
        try {
            if (settleLocked(m) == Outcome.OPEN) {
                // the meter may hold the earlier keys: replacing them here could lose the meter
                throw refused(meter, new FumsException(ErrorCode.METER_UNREACHABLE, "meter " + meter + ": the keys"
                        + " of an earlier rotation are pending and the meter was reached with neither those nor the"
                        + " old ones; nothing was changed: try again when the meter is reachable"));
            }
            SecurityKeys old = store.keys(meter).orElseThrow(() -> refused(meter, new FumsException(
                    ErrorCode.CONFIG_MISSING, "meter " + meter + ": no keys in the DCU's key store to rotate from:"
                    + " provision them (meters.keys.provision); nothing was changed")));
            SecurityKeys fresh = new SecurityKeys(encryptionKey, authenticationKey);
            if (fresh.equals(old)) {
                throw refused(meter, new FumsException(ErrorCode.CMD_MALFORMED, "meter " + meter + ": the new keys"
                        + " are the meter's current keys; nothing was changed"));
            }
            KeyInfo before = store.info(meter).orElseThrow();
            KeyInfo next = store.putPending(meter, fresh);
            pending.add(meter);
            audit(event("meter.keys.rotate.pending", next).detail("previousEncryptionKeyId", before.encryptionKeyId())
                    .detail("previousAuthenticationKeyId", before.authenticationKeyId()).build());
            listener.reached(meter, Step.PENDING_STORED);
            transfer(m, old, masterKey, encryptionKey, authenticationKey, next);
            store.markTransferred(meter);
            listener.reached(meter, Step.TRANSFERRED);
            try {
                confirm(m, fresh, next);
            } catch (FumsException e) {
                audit(event("meter.keys.rotate.confirm", next).failed(e.code()).detail("message", e.getMessage())
                        .build());
                throw new FumsException(e.code(), "meter " + meter + ": the meter took the new keys but was not"
                        + " read with them (" + e.getMessage() + "): they stay pending; the DCU tries them, then the"
                        + " old ones, at the meter's next contact", e);
            }
            listener.reached(meter, Step.CONFIRMED);
            activate(meter, next, "rotated");
            listener.reached(meter, Step.ACTIVE);
            LOG.info("meter {}: keys rotated on the meter to {} / {}", meter, next.encryptionKeyId(),
                    next.authenticationKeyId());
            return store.info(meter).orElseThrow();
        } finally {
            lock.unlock();
        }
    }

    /** key_transfer under the old keys; a refusal drops the pending keys, any other failure leaves them. */
    private void transfer(MeterEntry m, SecurityKeys old, byte[] masterKey, byte[] ek, byte[] ak, KeyInfo next)
            throws FumsException {
        String meter = m.id();
        try {
            meters.readWith(m, old, c -> {
                new SecuritySetupClient(c).transferKeys(masterKey, Map.of(KeyId.GLOBAL_UNICAST_ENCRYPTION, ek,
                        KeyId.AUTHENTICATION, ak));
                return null;
            });
        } catch (DlmsRefusedException e) {
            store.dropPending(meter);
            pending.remove(meter);
            audit(event("meter.keys.rotate.transfer", next).failed(ErrorCode.METER_REFUSED)
                    .detail("message", e.getMessage()).detail("kept", "old").build());
            throw new FumsException(ErrorCode.METER_REFUSED, "meter " + meter + " refused key_transfer ("
                    + e.getMessage() + "): it keeps its keys, and so does the DCU", e);
        } catch (FumsException e) {
            audit(event("meter.keys.rotate.transfer", next).failed(e.code()).detail("message", e.getMessage())
                    .build());
            // the request may have reached the meter: what it holds is found out now, or at its next contact
            Outcome o = settleLocked(m);
            throw new FumsException(e.code(), "meter " + meter + ": key_transfer failed (" + e.getMessage() + "); "
                    + switch (o) {
                        case NEW -> "yet the meter holds the new keys: they are in use";
                        case OLD -> "the meter keeps its keys, and so does the DCU";
                        default -> "the new keys stay pending and are settled at the meter's next contact";
                    }, e);
        }
        audit(event("meter.keys.rotate.transfer", next).build());
    }

    /** An association under the new keys reads the device id. */
    private void confirm(MeterEntry m, SecurityKeys fresh, KeyInfo next) throws FumsException {
        counters.keysChanged(m.id()); // the meter counts anew under new keys
        String deviceId = meters.readWith(m, fresh, c -> new MeterObjects(c).deviceId());
        audit(event("meter.keys.rotate.confirm", next).detail("deviceId", deviceId).build());
    }

    private void activate(String meter, KeyInfo next, String how) throws FumsException {
        store.promote(meter);
        pending.remove(meter);
        audit(event("meter.keys.rotate.active", next).detail("how", how).build());
    }

    /** What a settlement found. */
    enum Outcome { NONE, NEW, OLD, OPEN }

    /**
     * Settles the meter's pending keys, if it has any, before a contact: new
     * keys, then old. A meter reached with neither keeps them pending.
     *
     * @throws FumsException {@code METER_UNREACHABLE}: a rotation of the meter runs longer than the timeout;
     *                       {@code STORAGE_*}
     */
    Outcome settle(MeterEntry m) throws FumsException {
        if (!pending.contains(m.id())) {
            return Outcome.NONE;
        }
        ReentrantLock lock = lock(m.id());
        try {
            return settleLocked(m);
        } finally {
            lock.unlock();
        }
    }

    private Outcome settleLocked(MeterEntry m) throws FumsException {
        String meter = m.id();
        Optional<MeterKeyStore.Pending> p = store.pendingInfo(meter);
        if (p.isEmpty()) {
            pending.remove(meter);
            return Outcome.NONE;
        }
        KeyInfo next = p.get().info();
        SecurityKeys fresh = store.pendingKeys(meter).orElseThrow();
        FumsException newFailed;
        try {
            confirm(m, fresh, next);
            activate(meter, next, "settled");
            LOG.info("meter {}: pending keys {} confirmed on the meter: in use", meter, next.encryptionKeyId());
            return Outcome.NEW;
        } catch (FumsException e) {
            newFailed = e;
        }
        Optional<SecurityKeys> old = store.keys(meter);
        try {
            if (old.isEmpty()) {
                throw newFailed;
            }
            meters.readWith(m, old.get(), c -> new MeterObjects(c).deviceId());
        } catch (FumsException e) {
            audit(event("meter.keys.rotate.settle", next).failed(e.code()).detail("transferred",
                    p.get().transferred()).detail("message", "new keys: " + newFailed.getMessage() + "; old keys: "
                    + e.getMessage()).build());
            LOG.warn("meter {}: pending keys not settled (new keys: {}; old keys: {}): tried again at the next"
                    + " contact", meter, newFailed.getMessage(), e.getMessage());
            return Outcome.OPEN;
        }
        store.dropPending(meter);
        pending.remove(meter);
        audit(event("meter.keys.rotate.settle", next).detail("kept", "old").detail("transferred",
                p.get().transferred()).build());
        LOG.warn("meter {}: it never took the pending keys {}: they are forgotten, its keys are kept", meter,
                next.encryptionKeyId());
        return Outcome.OLD;
    }

    private ReentrantLock lock(String meter) throws FumsException {
        ReentrantLock lock = locks.computeIfAbsent(meter, k -> new ReentrantLock());
        try {
            if (!lock.tryLock(lockTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new FumsException(ErrorCode.METER_UNREACHABLE, "meter " + meter + ": a key rotation of the"
                        + " meter runs for more than " + lockTimeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FumsException(ErrorCode.METER_UNREACHABLE, "meter " + meter + ": interrupted");
        }
        return lock;
    }

    private FumsException refused(String meter, FumsException e) {
        audit(AuditEvent.builder(MeterKeyring.ACTOR, "meter.keys.rotate").subject(meter).refused(e.code())
                .detail("message", e.getMessage()).build());
        return e;
    }

    private static boolean sized(byte[] key) {
        return key != null && key.length == 16;
    }

    private static AuditEvent.Builder event(String action, KeyInfo info) {
        return AuditEvent.builder(MeterKeyring.ACTOR, action).subject(info.meterId())
                .detail("encryptionKeyId", info.encryptionKeyId())
                .detail("authenticationKeyId", info.authenticationKeyId()).detail("kekId", info.kekId());
    }

    private void audit(AuditEvent e) {
        try {
            audit.append(e);
        } catch (FumsException x) {
            LOG.error("audit entry {} not stored: {}", e.action(), x.toString());
        }
    }
}
