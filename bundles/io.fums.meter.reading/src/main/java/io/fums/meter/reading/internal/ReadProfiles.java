package io.fums.meter.reading.internal;

import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.cosem.CosemAttributeDescriptor;
import io.fums.dlms.cosem.ObisCode;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each meter can serve of the periodic read, learnt from its answers:
 * whether it serves a GET-with-list, and the attributes it lacks (refused
 * with a data-access-result that a later read would meet again). Kept in
 * memory, per meter of the inventory; forgotten when the meter's active
 * firmware identifier changes (a new firmware may have other objects) and
 * when the meter leaves the inventory. Also, set before each read, the
 * objects its discovered capabilities say it lacks (issue 15): not asked at
 * all. Thread-safe.
 */
final class ReadProfiles {

    private final Map<String, Profile> profiles = new ConcurrentHashMap<>();

    /** One meter's profile. Thread-safe. */
    static final class Profile {
        private final Map<CosemAttributeDescriptor, DataAccessResult> lacking = new ConcurrentHashMap<>();
        private volatile boolean singleGets;
        private volatile String firmware;
        private volatile Set<ObisCode> unlisted = Set.of();

        /**
         * Why the meter cannot serve {@code a}, or null if it may: refused before, or its object is not in the
         * meter's object list (object-undefined, as the meter would answer).
         */
        DataAccessResult lacks(CosemAttributeDescriptor a) {
            DataAccessResult r = lacking.get(a);
            return r == null && unlisted.contains(a.instance()) ? DataAccessResult.OBJECT_UNDEFINED : r;
        }

        /** The objects the meter's capabilities (discovered under its current firmware) say it lacks. */
        void unlisted(Set<ObisCode> objects) {
            unlisted = Set.copyOf(objects);
        }

        /** Remembers that the meter cannot serve {@code a}. */
        void lacking(CosemAttributeDescriptor a, DataAccessResult why) {
            lacking.put(a, why);
        }

        /** What the meter lacks. */
        Map<CosemAttributeDescriptor, DataAccessResult> lacking() {
            return Map.copyOf(lacking);
        }

        /** Whether the meter is read with single GETs (it rejected a GET-with-list as a whole). */
        boolean singleGets() {
            return singleGets;
        }

        void useSingleGets() {
            singleGets = true;
        }
    }

    /**
     * A permanent refusal of an attribute: the object or attribute is not
     * there or not readable. Temporary ones (temporary-failure,
     * hardware-fault, other-reason, ...) are reported for the period and asked
     * again next time.
     */
    static boolean permanent(DataAccessResult r) {
        return r == DataAccessResult.OBJECT_UNDEFINED || r == DataAccessResult.OBJECT_UNAVAILABLE
                || r == DataAccessResult.OBJECT_CLASS_INCONSISTENT || r == DataAccessResult.READ_WRITE_DENIED
                || r == DataAccessResult.SCOPE_OF_ACCESS_VIOLATED;
    }

    /** The profile of {@code meter} (a new one the first time). */
    Profile of(String meter) {
        return profiles.computeIfAbsent(meter, k -> new Profile());
    }

    /**
     * The meter's active firmware identifier as just read: a change forgets
     * what was learnt under the previous one.
     */
    void firmware(String meter, String identifier) {
        Profile p = of(meter);
        String before = p.firmware;
        if (before != null && !Objects.equals(before, identifier)) {
            profiles.remove(meter, p);
            p = of(meter);
        }
        p.firmware = identifier;
    }

    /** Forgets the meters that are not in {@code meters} (the inventory changed). */
    void retain(Collection<String> meters) {
        profiles.keySet().retainAll(meters);
    }
}
