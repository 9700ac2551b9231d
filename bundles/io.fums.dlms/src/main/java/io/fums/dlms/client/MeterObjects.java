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
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.cosem.ObisCode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Typed reads of the objects the DCU reads periodically: device id, active
 * firmware identifier and signature, clock, energy registers. A value of an
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
