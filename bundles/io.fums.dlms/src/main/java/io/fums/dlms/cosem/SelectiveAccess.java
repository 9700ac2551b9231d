package io.fums.dlms.cosem;

import io.fums.dlms.axdr.DataValue;
import java.util.Objects;

/**
 * Selective-Access-Descriptor (IEC 62056-5-3): an access selector and its
 * parameters, e.g. a range of a profile's buffer.
 *
 * @param selector   access selector, 0..255, meaning defined by the class
 * @param parameters access parameters
 */
public record SelectiveAccess(int selector, DataValue parameters) {

    /** Validates the selector range. */
    public SelectiveAccess {
        if (selector < 0 || selector > 0xFF) {
            throw new IllegalArgumentException("access selector out of range: " + selector);
        }
        Objects.requireNonNull(parameters, "parameters");
    }
}
