package io.fums.emulator.meter.model;

import io.fums.dlms.apdu.ActionResult;
import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.cosem.ObisCode;
import io.fums.emulator.dlms.server.CosemObjectModel.ActionOutcome;
import io.fums.emulator.dlms.server.CosemObjectModel.GetOutcome;

/**
 * One COSEM object of an emulated meter. {@link MeterModel} routes requests
 * to it after checking the class and the attribute or method index, and
 * answers attribute 1 (logical_name) itself. Called under the meter's lock.
 */
interface CosemObject {

    /** Interface class. */
    int classId();

    /** Version of the interface class. */
    default int classVersion() {
        return 0;
    }

    /** Logical name. */
    ObisCode name();

    /** Number of attributes, logical_name included. */
    int attributeCount();

    /** Number of methods. */
    default int methodCount() {
        return 0;
    }

    /** Reads attribute {@code attribute} (2..attributeCount). */
    GetOutcome get(int attribute);

    /** Writes attribute {@code attribute} (2..attributeCount); read-only unless overridden. */
    default DataAccessResult set(int attribute, DataValue value) {
        return DataAccessResult.READ_WRITE_DENIED;
    }

    /** Invokes method {@code method} (1..methodCount). */
    default ActionOutcome action(int method, DataValue parameters) {
        return new ActionOutcome(ActionResult.READ_WRITE_DENIED, null);
    }

    /** Whether attribute {@code attribute} is writable (for the object list's access rights). */
    default boolean writable(int attribute) {
        return false;
    }
}
