package io.fums.meter.access;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a meter offers, as its association object list said (class 15,
 * 0-0:40.0.0.255, attribute 2), read at the first contact and again after
 * its active firmware identifier changed (since 1.6). Campaign planning
 * uses it: a meter without an activation schedule (class 22) cannot have a
 * scheduled activation.
 *
 * @param firmware            the active firmware identifier the list was read under
 * @param imageTransfer       an image transfer object (class 18) is listed
 * @param activationSchedule  an image activation schedule (class 22, 0-0:15.0.2.255) is listed
 * @param disconnectControl   a disconnect control object (class 70) is listed
 * @param securitySetup       a security setup object (class 64) is listed
 * @param firmwareIdentifiers the firmware identifier objects listed (class 1, 1-x:0.2.0.255), as OBIS text
 * @param imageBlockSize      the image transfer object's image_block_size in octets, or null (no image
 *                            transfer object, or the meter refused the read)
 * @param maxPduSize          the meter's max receive PDU size negotiated in the association (AARE)
 * @param objects             how many objects the list had
 * @param readAt              when the list was read
 * @since 1.6
 */
public record MeterCapabilities(String firmware, boolean imageTransfer, boolean activationSchedule,
        boolean disconnectControl, boolean securitySetup, List<String> firmwareIdentifiers, Long imageBlockSize,
        int maxPduSize, int objects, Instant readAt) {

    /** Copies the list; requires the identifier list and the time. */
    public MeterCapabilities {
        firmwareIdentifiers = List.copyOf(firmwareIdentifiers);
        Objects.requireNonNull(readAt, "readAt");
    }

    /**
     * For people (the technician shell): what the meter offers and what it lacks, in one line.
     *
     * @return e.g. {@code "image transfer (blocks of 512 octets), activation schedule, disconnect control, security
     *     setup; firmware objects 1-0:0.2.0.255; max PDU 1024; 14 objects, read under firmware 1.0.0 at ..."}
     */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append(imageTransfer ? "image transfer (blocks of " + (imageBlockSize == null ? "?" : imageBlockSize)
                + " octets)" : "NO image transfer");
        b.append(activationSchedule ? ", activation schedule" : ", NO activation schedule (scheduled activation left out)");
        b.append(disconnectControl ? ", disconnect control" : ", no disconnect control");
        b.append(securitySetup ? ", security setup" : ", no security setup");
        b.append("; firmware objects ").append(firmwareIdentifiers.isEmpty() ? "none" : String.join(" ", firmwareIdentifiers));
        return b.append("; max PDU ").append(maxPduSize).append("; ").append(objects).append(" objects, read under firmware ")
                .append(firmware).append(" at ").append(readAt).toString();
    }
}
