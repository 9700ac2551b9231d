package io.fums.meter.access;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A shared serial medium of the inventory (an RS-485 line, a PLC bus): the
 * meters reached over one serial link, which all hear a broadcast on it
 * ({@link MeterInventory#broadcaster(String)}). Meters on TCP have none.
 *
 * @param linkId the serial link's name (as {@link MeterInfo#linkId()})
 * @param meters the meters on it, in the order of the inventory file
 * @param clear  those of them whose associations do not cipher (the inventory says so): only they apply a
 *               broadcast sent in clear; a ciphering meter ignores it
 * @param ciphered those of them whose associations cipher and that hold the medium's broadcast key (the DCU holds
 *                 one for the medium): they apply a broadcast ciphered with it
 *                 ({@link MediumBroadcaster#sendCiphered}); empty while the DCU holds no broadcast key for the
 *                 medium (since 1.1)
 * @since 1.5
 */
public record MeterMedium(String linkId, List<String> meters, Set<String> clear, Set<String> ciphered) {

    /** Copies the collections; requires every component. */
    public MeterMedium {
        Objects.requireNonNull(linkId, "linkId");
        meters = List.copyOf(meters);
        clear = Set.copyOf(clear);
        ciphered = Set.copyOf(ciphered);
    }

    /** A medium none of whose meters takes a ciphered broadcast (as before 1.1). */
    public MeterMedium(String linkId, List<String> meters, Set<String> clear) {
        this(linkId, meters, clear, Set.of());
    }
}
