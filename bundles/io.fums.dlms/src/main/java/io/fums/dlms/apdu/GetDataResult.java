package io.fums.dlms.apdu;

import io.fums.dlms.axdr.DataValue;
import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Get-Data-Result (Green Book): either the data read ([0] data) or why it
 * could not be read ([1] data-access-result). Also the return parameters of
 * an ACTION.
 */
@ProviderType
public sealed interface GetDataResult {

    /** The value that was read. */
    record Data(DataValue value) implements GetDataResult {
        /** Requires a value. */
        public Data {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The reason the value could not be read; never {@link DataAccessResult#SUCCESS} in practice. */
    record Failure(DataAccessResult result) implements GetDataResult {
        /** Requires a result. */
        public Failure {
            Objects.requireNonNull(result, "result");
        }
    }
}
