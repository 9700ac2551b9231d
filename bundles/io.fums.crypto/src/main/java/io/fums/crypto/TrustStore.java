package io.fums.crypto;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keys a DCU trusts, their roles, how many valid signatures each package
 * role needs (threshold) and which key ids are revoked.
 *
 * <p>Rules kept by every instance:
 * <ul>
 * <li>a key id appears once: a key has exactly one role;</li>
 * <li>thresholds exist for {@link KeyRole#VENDOR} and {@link KeyRole#UTILITY}
 *     only, each between 1 and 16 (1 when not given): a role can never be
 *     switched off (SEC-5);</li>
 * <li>a revoked key id stays listed among the keys or not; either way a
 *     signature by it is refused, never ignored.</li>
 * </ul>
 * The key material itself (PEM, curve, id matching the key) is checked when a
 * trust store is loaded by the implementation.
 *
 * <p>Immutable and thread-safe; the {@code with*} methods return new instances.
 */
public final class TrustStore {

    /** Upper bound of a threshold. */
    public static final int MAX_THRESHOLD = 16;

    private final Map<String, TrustedKey> keys;
    private final Map<KeyRole, Integer> thresholds;
    private final Set<String> revoked;

    /**
     * A trust store.
     *
     * @param keys       the trusted keys
     * @param thresholds per package role; a missing role gets 1
     * @param revoked    revoked key ids
     * @throws IllegalArgumentException if a rule above is broken
     */
    public TrustStore(List<TrustedKey> keys, Map<KeyRole, Integer> thresholds, Set<String> revoked) {
        Map<String, TrustedKey> byId = new LinkedHashMap<>();
        for (TrustedKey k : Objects.requireNonNull(keys, "keys")) {
            if (byId.put(k.keyId(), k) != null) {
                throw new IllegalArgumentException("key id " + k.keyId() + " is listed twice");
            }
        }
        EnumMap<KeyRole, Integer> t = new EnumMap<>(KeyRole.class);
        t.put(KeyRole.VENDOR, 1);
        t.put(KeyRole.UTILITY, 1);
        for (Map.Entry<KeyRole, Integer> e : Objects.requireNonNull(thresholds, "thresholds").entrySet()) {
            if (!e.getKey().signsPackages()) {
                throw new IllegalArgumentException("role " + e.getKey().id() + " has no threshold: only vendor and utility do");
            }
            int v = e.getValue();
            if (v < 1 || v > MAX_THRESHOLD) {
                throw new IllegalArgumentException("threshold of role " + e.getKey().id() + " must be between 1 and "
                        + MAX_THRESHOLD + ", not " + v);
            }
            t.put(e.getKey(), v);
        }
        for (String id : Objects.requireNonNull(revoked, "revoked")) {
            if (!TrustedKey.isValidKeyId(id)) {
                throw new IllegalArgumentException("invalid revoked key id '" + id + "': expected 16 lower-case hex digits");
            }
        }
        this.keys = Collections.unmodifiableMap(byId);
        this.thresholds = Collections.unmodifiableMap(t);
        this.revoked = Collections.unmodifiableSet(new TreeSet<>(revoked));
    }

    /** An empty trust store with default thresholds (vendor 1, utility 1). */
    public static TrustStore empty() {
        return new TrustStore(List.of(), Map.of(), Set.of());
    }

    /** Every key, in the order of the file. */
    public List<TrustedKey> keys() {
        return List.copyOf(keys.values());
    }

    /** The key with this id, revoked or not. */
    public Optional<TrustedKey> key(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    /** True if the key id is on the revocation list. */
    public boolean isRevoked(String keyId) {
        return revoked.contains(keyId);
    }

    /** The revoked key ids, sorted. */
    public Set<String> revoked() {
        return revoked;
    }

    /**
     * How many valid signatures by distinct keys of {@code role} a package needs.
     *
     * @throws IllegalArgumentException for {@link KeyRole#OPERATOR}, which has no threshold
     */
    public int threshold(KeyRole role) {
        Integer t = thresholds.get(role);
        if (t == null) {
            throw new IllegalArgumentException("role " + role.id() + " has no threshold");
        }
        return t;
    }

    /** The thresholds of the package roles. */
    public Map<KeyRole, Integer> thresholds() {
        return thresholds;
    }

    /**
     * This trust store with {@code key} added.
     *
     * @throws IllegalArgumentException if its id is already present
     */
    public TrustStore withKey(TrustedKey key) {
        List<TrustedKey> k = new ArrayList<>(keys.values());
        k.add(key);
        return new TrustStore(k, thresholds, revoked);
    }

    /** This trust store with {@code keyId} on the revocation list. */
    public TrustStore withRevoked(String keyId) {
        Set<String> r = new TreeSet<>(revoked);
        r.add(keyId);
        return new TrustStore(keys(), thresholds, r);
    }

    /** This trust store with another threshold for a package role. */
    public TrustStore withThreshold(KeyRole role, int threshold) {
        Map<KeyRole, Integer> t = new EnumMap<>(thresholds);
        t.put(role, threshold);
        return new TrustStore(keys(), t, revoked);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrustStore && ((TrustStore) o).keys.equals(keys)
                && ((TrustStore) o).thresholds.equals(thresholds) && ((TrustStore) o).revoked.equals(revoked);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keys, thresholds, revoked);
    }

    @Override
    public String toString() {
        return "TrustStore[keys=" + keys.keySet() + ", thresholds=" + thresholds + ", revoked=" + revoked + "]";
    }
}
