package io.fums.dlms.cosem;

/**
 * The interface classes and the COSEM objects the DCU reads and writes
 * (Blue Book class definitions, OBIS codes of IEC 62056-6-1). Image transfer
 * has its own {@link ImageTransfer}.
 */
public final class CosemObjects {

    /** Class 1, Data: attribute 2 value. */
    public static final int CLASS_DATA = 1;
    /** Class 3, Register: attribute 2 value, 3 scaler_unit. */
    public static final int CLASS_REGISTER = 3;
    /** Class 8, Clock. */
    public static final int CLASS_CLOCK = 8;
    /** Class 15, Association LN. */
    public static final int CLASS_ASSOCIATION_LN = 15;
    /** Class 18, Image transfer. */
    public static final int CLASS_IMAGE_TRANSFER = 18;
    /** Class 22, Single action schedule. */
    public static final int CLASS_SINGLE_ACTION_SCHEDULE = 22;
    /** Disconnect control (since 1.1). */
    public static final int CLASS_DISCONNECT_CONTROL = 70;

    /** Current association (class 15), 0-0:40.0.0.255. */
    public static final ObisCode CURRENT_ASSOCIATION = new ObisCode(0, 0, 40, 0, 0, 255);

    /** Device ID 1 (class 1), 0-0:96.1.0.255: the meter's serial number. */
    public static final ObisCode DEVICE_ID = new ObisCode(0, 0, 96, 1, 0, 255);
    /** Device ID value (octet-string or visible-string). */
    public static final CosemAttributeDescriptor DEVICE_ID_VALUE =
            new CosemAttributeDescriptor(CLASS_DATA, DEVICE_ID, 2);

    /** Active firmware identifier (class 1), 1-0:0.2.0.255. */
    public static final ObisCode ACTIVE_FIRMWARE_IDENTIFIER = new ObisCode(1, 0, 0, 2, 0, 255);
    /** Active firmware identifier value. */
    public static final CosemAttributeDescriptor ACTIVE_FIRMWARE_IDENTIFIER_VALUE =
            new CosemAttributeDescriptor(CLASS_DATA, ACTIVE_FIRMWARE_IDENTIFIER, 2);

    /** Active firmware signature (class 1), 1-0:0.2.8.255. */
    public static final ObisCode ACTIVE_FIRMWARE_SIGNATURE = new ObisCode(1, 0, 0, 2, 8, 255);
    /** Active firmware signature value. */
    public static final CosemAttributeDescriptor ACTIVE_FIRMWARE_SIGNATURE_VALUE =
            new CosemAttributeDescriptor(CLASS_DATA, ACTIVE_FIRMWARE_SIGNATURE, 2);

    /** Clock (class 8), 0-0:1.0.0.255. */
    public static final ObisCode CLOCK = new ObisCode(0, 0, 1, 0, 0, 255);
    /** Clock attribute 2, time: octet-string(12) date-time. */
    public static final CosemAttributeDescriptor CLOCK_TIME = new CosemAttributeDescriptor(CLASS_CLOCK, CLOCK, 2);
    /** Clock attribute 3, time_zone: long, minutes. */
    public static final CosemAttributeDescriptor CLOCK_TIME_ZONE =
            new CosemAttributeDescriptor(CLASS_CLOCK, CLOCK, 3);
    /** Clock attribute 4, status: unsigned clock status. */
    public static final CosemAttributeDescriptor CLOCK_STATUS = new CosemAttributeDescriptor(CLASS_CLOCK, CLOCK, 4);

    /** Active energy import total (class 3), 1-0:1.8.0.255. */
    public static final ObisCode ACTIVE_ENERGY_IMPORT = new ObisCode(1, 0, 1, 8, 0, 255);
    /** Active energy export total (class 3), 1-0:2.8.0.255. */
    public static final ObisCode ACTIVE_ENERGY_EXPORT = new ObisCode(1, 0, 2, 8, 0, 255);
    /** Register attribute 2, value. */
    public static final int REGISTER_VALUE = 2;
    /** Register attribute 3, scaler_unit. */
    public static final int REGISTER_SCALER_UNIT = 3;

    /** Image activation single action schedule (class 22), 0-0:15.0.2.255. */
    public static final ObisCode IMAGE_ACTIVATION_SCHEDULE = new ObisCode(0, 0, 15, 0, 2, 255);
    /** Schedule attribute 2, executed_script: structure { script_logical_name, script_selector }. */
    public static final CosemAttributeDescriptor IMAGE_ACTIVATION_EXECUTED_SCRIPT =
            new CosemAttributeDescriptor(CLASS_SINGLE_ACTION_SCHEDULE, IMAGE_ACTIVATION_SCHEDULE, 2);
    /** Schedule attribute 3, type: enum 1..5. */
    public static final CosemAttributeDescriptor IMAGE_ACTIVATION_TYPE =
            new CosemAttributeDescriptor(CLASS_SINGLE_ACTION_SCHEDULE, IMAGE_ACTIVATION_SCHEDULE, 3);
    /** Schedule attribute 4, execution_time: array of structure { time, date }. */
    public static final CosemAttributeDescriptor IMAGE_ACTIVATION_EXECUTION_TIME =
            new CosemAttributeDescriptor(CLASS_SINGLE_ACTION_SCHEDULE, IMAGE_ACTIVATION_SCHEDULE, 4);

    /** Disconnect control (class 70, version 0), 0-0:96.3.10.255 (since 1.1). */
    public static final ObisCode DISCONNECT_CONTROL = new ObisCode(0, 0, 96, 3, 10, 255);
    /** Disconnect control attribute 2, output_state: boolean, true when the supply is connected (since 1.1). */
    public static final CosemAttributeDescriptor DISCONNECT_OUTPUT_STATE =
            new CosemAttributeDescriptor(CLASS_DISCONNECT_CONTROL, DISCONNECT_CONTROL, 2);
    /** Disconnect control attribute 3, control_state: enum, see {@link ControlState} (since 1.1). */
    public static final CosemAttributeDescriptor DISCONNECT_CONTROL_STATE =
            new CosemAttributeDescriptor(CLASS_DISCONNECT_CONTROL, DISCONNECT_CONTROL, 3);
    /** Disconnect control attribute 4, control_mode: enum 0..6 (since 1.1). */
    public static final CosemAttributeDescriptor DISCONNECT_CONTROL_MODE =
            new CosemAttributeDescriptor(CLASS_DISCONNECT_CONTROL, DISCONNECT_CONTROL, 4);
    /** Disconnect control method 1, remote_disconnect (data: integer 0) (since 1.1). */
    public static final CosemMethodDescriptor REMOTE_DISCONNECT =
            new CosemMethodDescriptor(CLASS_DISCONNECT_CONTROL, DISCONNECT_CONTROL, 1);
    /** Disconnect control method 2, remote_reconnect (data: integer 0) (since 1.1). */
    public static final CosemMethodDescriptor REMOTE_RECONNECT =
            new CosemMethodDescriptor(CLASS_DISCONNECT_CONTROL, DISCONNECT_CONTROL, 2);

    private CosemObjects() {
    }

    /** Attribute {@code attributeId} of the register {@code register} (class 3). */
    public static CosemAttributeDescriptor register(ObisCode register, int attributeId) {
        return new CosemAttributeDescriptor(CLASS_REGISTER, register, attributeId);
    }
}
