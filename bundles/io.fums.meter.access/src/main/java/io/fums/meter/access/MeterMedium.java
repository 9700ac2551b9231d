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
 * @since 1.5
 */
public record MeterMedium(String linkId, List<String> meters, Set<String> clear) {

    /** Copies the collections; requires every component. */
    public MeterMedium {
        Objects.requireNonNull(linkId, "linkId");
        meters = List.copyOf(meters);
        clear = Set.copyOf(clear);
    }
}
