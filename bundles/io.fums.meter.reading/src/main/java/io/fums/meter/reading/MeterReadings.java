package io.fums.meter.reading;

import io.fums.api.error.FumsException;
import io.fums.dlms.DlmsException;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The meters' readings: every meter of the inventory is read once per
 * configured period (energy import and export, clock, active firmware
 * identifier), with the precedence of a read on its link, and the readings
 * are kept in the DCU's database with the time they were scheduled for and
 * the time they were read (SM-8, MET-1).
 *
 * <p>Meters of different links are read in parallel; the meters of one link
 * one after another. A read that does not complete within its period counts
 * as missed ({@link ReadStats}).
 *
 * <p><b>Thread-safety:</b> all methods are safe to call from any thread.
 */
@ProviderType
public interface MeterReadings {

    /**
     * The newest readings of a meter, periodic and on demand.
     *
     * @param meterId the meter's id
     * @param limit   the most readings returned, 1..10000
     * @return newest first; empty for a meter never read or not in the inventory
     * @throws IllegalArgumentException if {@code limit} is out of range
     * @throws FumsException {@code STORAGE_FAILED} if the database cannot be read
     */
    List<Reading> latest(String meterId, int limit) throws FumsException;

    /**
     * How the meter's periodic reads went.
     *
     * @param meterId the meter's id
     * @return the counts; all zero for a meter never scheduled
     * @throws FumsException {@code STORAGE_FAILED} if the database cannot be read
     */
    ReadStats stats(String meterId) throws FumsException;

    /**
     * Reads the meter now, with the precedence of a read on its link, and
     * keeps the reading (it does not count in {@link ReadStats}, apart from
     * its time).
     *
     * @param meterId the meter's id
     * @return the reading, with {@code scheduledAt} the time of this call
     * @throws FumsException {@code METER_UNKNOWN}, a {@link DlmsException} if the meter could
     *     not be read, {@code STORAGE_FAILED} if the reading could not be kept
     */
    Reading readNow(String meterId) throws FumsException;
}
