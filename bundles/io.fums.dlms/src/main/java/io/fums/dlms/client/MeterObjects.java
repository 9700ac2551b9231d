package io.fums.dlms.client;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.DlmsException;
import io.fums.dlms.apdu.Conformance;
import io.fums.dlms.apdu.GetDataResult;
import io.fums.dlms.axdr.CosemDateTime;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.axdr.DataValues;
import io.fums.dlms.axdr.ScalerUnit;
import io.fums.dlms.cosem.CosemAttributeDescriptor;
import io.fums.dlms.cosem.ControlState;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.cosem.ObisCode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Typed reads of the objects the DCU reads periodically: device id, active
 * firmware identifier and signature, clock, energy registers; and the
 * disconnect control object (class 70, since 1.2). A value of an
 * unexpected type is a protocol error (METER_PROTOCOL); a refused read is a
 * {@link DlmsRefusedException}.
 */
public final class MeterObjects {

    private final DlmsClient client;

    /** Typed reads over {@code client}'s association. */
    public MeterObjects(DlmsClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** Device ID 1, 0-0:96.1.0.255, as text (octet-string read as ISO 8859-1, or visible-string). */
    public String deviceId() throws DlmsException {
        return text(client.get(CosemObjects.DEVICE_ID_VALUE), "device id");
    }

    /** Active firmware identifier, 1-0:0.2.0.255, as text. */
    public String activeFirmwareIdentifier() throws DlmsException {
        return text(client.get(CosemObjects.ACTIVE_FIRMWARE_IDENTIFIER_VALUE), "active firmware identifier");
    }

    /**
     * The active firmware identifier of one firmware component (class 1, attribute 2), as text: the core's
     * 1-0:0.2.0.255, or another component's 1-b:0.2.0.255 (issue 15).
     *
     * @param identifier the component's identifier object
     * @since 1.5
     */
    public String activeFirmwareIdentifier(ObisCode identifier) throws DlmsException {
        return text(client.get(new CosemAttributeDescriptor(CosemObjects.CLASS_DATA, identifier, 2)),
                "active firmware identifier " + identifier);
    }

    /** Active firmware signature, 1-0:0.2.8.255 (octet-string). */
    public byte[] activeFirmwareSignature() throws DlmsException {
        DataValue v = client.get(CosemObjects.ACTIVE_FIRMWARE_SIGNATURE_VALUE);
        return check(() -> DataValues.toOctets(v, "active firmware signature"));
    }

    /** The meter's clock, 0-0:1.0.0.255 attribute 2. */
    public CosemDateTime clock() throws DlmsException {
        DataValue v = client.get(CosemObjects.CLOCK_TIME);
        return check(() -> CosemDateTime.fromDataValue(v));
    }

    /** Sets the meter's clock. */
    public void setClock(CosemDateTime time) throws DlmsException {
        client.set(CosemObjects.CLOCK_TIME, time.toDataValue());
    }

    /** Active energy import, 1-0:1.8.0.255. */
    public RegisterValue energyImport() throws DlmsException {
        return register(CosemObjects.ACTIVE_ENERGY_IMPORT);
    }

    /** Active energy export, 1-0:2.8.0.255. */
    public RegisterValue energyExport() throws DlmsException {
        return register(CosemObjects.ACTIVE_ENERGY_EXPORT);
    }

    /** A register's value and scaler_unit (class 3, attributes 2 and 3), in one request when the meter allows it. */
    public RegisterValue register(ObisCode register) throws DlmsException {
        CosemAttributeDescriptor value = CosemObjects.register(register, CosemObjects.REGISTER_VALUE);
        CosemAttributeDescriptor scaler = CosemObjects.register(register, CosemObjects.REGISTER_SCALER_UNIT);
        DataValue raw;
        DataValue su;
        if (client.conformance().has(Conformance.Bit.MULTIPLE_REFERENCES)) {
            List<GetDataResult> r = client.get(List.of(value, scaler));
            raw = single(r.get(0), value);
            su = single(r.get(1), scaler);
        } else {
            raw = client.get(value);
            su = client.get(scaler);
        }
        return check(() -> {
            ScalerUnit s = ScalerUnit.fromDataValue(su);
            BigDecimal v;
            if (raw instanceof DataValue.Float32 f) {
                v = new BigDecimal(Float.toString(f.value())).scaleByPowerOfTen(s.scaler());
            } else if (raw instanceof DataValue.Float64 f) {
                v = BigDecimal.valueOf(f.value()).scaleByPowerOfTen(s.scaler());
            } else {
                v = s.apply(DataValues.toLong(raw, "register " + register));
            }
            return new RegisterValue(raw, s, v);
        });
    }

    /**
     * The disconnect control object's output_state, control_state and
     * control_mode (class 70, 0-0:96.3.10.255, attributes 2 to 4).
     *
     * @since 1.2
     */
    public DisconnectState disconnectState() throws DlmsException {
        List<CosemAttributeDescriptor> attrs = List.of(CosemObjects.DISCONNECT_OUTPUT_STATE,
                CosemObjects.DISCONNECT_CONTROL_STATE, CosemObjects.DISCONNECT_CONTROL_MODE);
        DataValue[] v = new DataValue[attrs.size()];
        if (client.conformance().has(Conformance.Bit.MULTIPLE_REFERENCES)) {
            List<GetDataResult> r = client.get(attrs);
            for (int i = 0; i < v.length; i++) {
                v[i] = single(r.get(i), attrs.get(i));
            }
        } else {
            for (int i = 0; i < v.length; i++) {
                v[i] = client.get(attrs.get(i));
            }
        }
        return check(() -> {
            if (!(v[0] instanceof DataValue.Bool output)) {
                throw new DlmsCodecException("output_state: expected a boolean, got " + v[0].type());
            }
            if (!(v[2] instanceof DataValue.Enumerated mode) || mode.value() > 6) {
                throw new DlmsCodecException("control_mode: expected an enum 0..6, got " + v[2]);
            }
            return new DisconnectState(output.value(), ControlState.fromDataValue(v[1]), mode.value());
        });
    }

    /**
     * Invokes remote_disconnect (class 70 method 1, data integer 0): the
     * meter opens its supply switch if its control_mode allows it.
     *
     * @throws DlmsRefusedException if the meter refuses (e.g. control_mode 0)
     * @since 1.2
     */
    public void remoteDisconnect() throws DlmsException {
        client.action(CosemObjects.REMOTE_DISCONNECT, new DataValue.Int8(0));
    }

    /**
     * Invokes remote_reconnect (class 70 method 2, data integer 0): the meter
     * closes its supply switch (control_mode 2 and 4) or becomes ready for a
     * local reconnection by the consumer (modes 1, 3, 5, 6).
     *
     * @throws DlmsRefusedException if the meter refuses
     * @since 1.2
     */
    public void remoteReconnect() throws DlmsException {
        client.action(CosemObjects.REMOTE_RECONNECT, new DataValue.Int8(0));
    }

    private DataValue single(GetDataResult r, CosemAttributeDescriptor a) throws DlmsException {
        if (r instanceof GetDataResult.Data d) {
            return d.value();
        }
        GetDataResult.Failure f = (GetDataResult.Failure) r;
        throw new DlmsRefusedException(client.name() + ": get " + a + ": "
                + f.result().name().toLowerCase().replace('_', '-'), f.result(), null);
    }

    private String text(DataValue v, String what) throws DlmsException {
        if (v instanceof DataValue.OctetString s) {
            return new String(s.value(), StandardCharsets.ISO_8859_1);
        }
        return check(() -> DataValues.toText(v, what));
    }

    /** A decoding step whose codec error names the link. */
    interface Step<T> {
        T run() throws DlmsCodecException;
    }

    <T> T check(Step<T> step) throws DlmsException {
        try {
            return step.run();
        } catch (DlmsCodecException e) {
            throw DlmsException.at(client.name(), e);
        }
    }
}
