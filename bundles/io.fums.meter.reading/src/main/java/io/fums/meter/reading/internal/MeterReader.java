package io.fums.meter.reading.internal;

import io.fums.api.error.ErrorCode;
import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.DlmsException;
import io.fums.dlms.apdu.Conformance;
import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.apdu.GetDataResult;
import io.fums.dlms.axdr.CosemDateTime;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.axdr.DataValues;
import io.fums.dlms.axdr.ScalerUnit;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.DlmsRefusedException;
import io.fums.dlms.cosem.CosemAttributeDescriptor;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.cosem.ObisCode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a read asks a meter, in as few requests as the meter allows (one
 * GET-with-list when multiple references were negotiated and the meter
 * serves lists), and how the answers become text. Stateless: what a meter
 * lacks is kept in its {@link ReadProfiles.Profile}.
 */
final class MeterReader {

    private static final Logger LOG = LoggerFactory.getLogger(MeterReader.class);

    static final String IMPORT = CosemObjects.ACTIVE_ENERGY_IMPORT.toString();
    static final String EXPORT = CosemObjects.ACTIVE_ENERGY_EXPORT.toString();
    static final String CLOCK = CosemObjects.CLOCK.toString();
    static final String FIRMWARE = CosemObjects.ACTIVE_FIRMWARE_IDENTIFIER.toString();

    private static final List<CosemAttributeDescriptor> READING = List.of(
            CosemObjects.register(CosemObjects.ACTIVE_ENERGY_IMPORT, CosemObjects.REGISTER_VALUE),
            CosemObjects.register(CosemObjects.ACTIVE_ENERGY_IMPORT, CosemObjects.REGISTER_SCALER_UNIT),
            CosemObjects.register(CosemObjects.ACTIVE_ENERGY_EXPORT, CosemObjects.REGISTER_VALUE),
            CosemObjects.register(CosemObjects.ACTIVE_ENERGY_EXPORT, CosemObjects.REGISTER_SCALER_UNIT),
            CosemObjects.CLOCK_TIME,
            CosemObjects.ACTIVE_FIRMWARE_IDENTIFIER_VALUE);

    private static final List<CosemAttributeDescriptor> IDENTITY = List.of(CosemObjects.DEVICE_ID_VALUE,
            CosemObjects.ACTIVE_FIRMWARE_IDENTIFIER_VALUE);

    /**
     * The objects (class and logical name; the attribute is irrelevant) the reads ask for: capability
     * discovery records which of them a meter's object list does not name, and reads leave those out.
     */
    static final Set<CosemAttributeDescriptor> OBJECTS = Stream.concat(READING.stream(), IDENTITY.stream())
            .map(a -> new CosemAttributeDescriptor(a.classId(), a.instance(), 1)).collect(Collectors.toUnmodifiableSet());

    private MeterReader() {
    }

    /**
     * The periodic reading's values: OBIS code to text (see {@link io.fums.meter.reading.Reading}).
     * What the meter lacks ({@code profile}: refused before, or not named by
     * its object list) is not asked and reads as
     * {@code "error: <data-access-result>"}; what it refuses now is learnt.
     */
    static Map<String, String> reading(DlmsClient c, ReadProfiles.Profile profile) throws DlmsException {
        return reading(c, profile, List.of());
    }

    /**
     * The periodic reading's values, with the active firmware identifiers of the meter's other firmware
     * components (issue 15, SM-1: {@code components}, OBIS text such as {@code 1-1:0.2.0.255}, as its object
     * list names them; the core's is always read) in the same request.
     */
    static Map<String, String> reading(DlmsClient c, ReadProfiles.Profile profile, List<String> components)
            throws DlmsException {
        List<CosemAttributeDescriptor> wanted = new ArrayList<>(READING);
        List<String> extra = components.stream().filter(o -> !o.equals(FIRMWARE)).distinct().toList();
        for (String obis : extra) {
            wanted.add(new CosemAttributeDescriptor(CosemObjects.CLASS_DATA, ObisCode.parse(obis), 2));
        }
        List<GetDataResult> r = read(c, wanted, profile);
        Map<String, String> values = new LinkedHashMap<>();
        values.put(IMPORT, register(r.get(0), r.get(1)));
        values.put(EXPORT, register(r.get(2), r.get(3)));
        values.put(CLOCK, value(r.get(4), MeterReader::clock));
        values.put(FIRMWARE, value(r.get(5), MeterReader::text));
        for (int i = 0; i < extra.size(); i++) {
            values.put(extra.get(i), value(r.get(READING.size() + i), MeterReader::text));
        }
        return values;
    }

    /**
     * Reads {@code wanted}, one result each: in one GET-with-list while the
     * meter serves lists, else (and for what a list refused) with single
     * GETs. A list rejected as a whole (refused, or answered malformed, as
     * some meters do when it names an object they lack) is read again item by
     * item in the same association; if that finds nothing the meter lacks,
     * lists do not work with it and it is read with single GETs from now on.
     * A link failure propagates: the read is missed.
     */
    static List<GetDataResult> read(DlmsClient c, List<CosemAttributeDescriptor> wanted, ReadProfiles.Profile profile)
            throws DlmsException {
        Map<CosemAttributeDescriptor, GetDataResult> got = new LinkedHashMap<>();
        List<CosemAttributeDescriptor> asked = new ArrayList<>();
        for (CosemAttributeDescriptor a : wanted) {
            DataAccessResult lacks = profile.lacks(a);
            if (lacks != null) {
                got.put(a, new GetDataResult.Failure(lacks));
            } else {
                asked.add(a);
            }
        }
        if (asked.size() > 1 && !profile.singleGets() && c.conformance().has(Conformance.Bit.MULTIPLE_REFERENCES)) {
            List<GetDataResult> list = null;
            try {
                list = c.get(asked);
            } catch (DlmsException e) {
                if (!(e instanceof DlmsRefusedException) && e.code() != ErrorCode.METER_PROTOCOL) {
                    throw e;
                }
                int before = profile.lacking().size();
                singles(c, asked, profile, got);
                if (profile.lacking().size() == before) {
                    profile.useSingleGets();
                    LOG.info("{}: GET-with-list rejected ({}): single GETs from now on", c.name(), e.getMessage());
                } else {
                    LOG.info("{}: GET-with-list rejected ({}); it lacks {}", c.name(), e.getMessage(), profile.lacking());
                }
            }
            if (list != null) {
                List<CosemAttributeDescriptor> refused = new ArrayList<>();
                for (int i = 0; i < asked.size(); i++) {
                    if (list.get(i) instanceof GetDataResult.Failure) {
                        refused.add(asked.get(i));
                    } else {
                        got.put(asked.get(i), list.get(i));
                    }
                }
                singles(c, refused, profile, got);
            }
        } else {
            singles(c, asked, profile, got);
        }
        return wanted.stream().map(got::get).toList();
    }

    /** Single GETs of {@code attributes}; a permanent refusal is learnt. */
    private static void singles(DlmsClient c, List<CosemAttributeDescriptor> attributes, ReadProfiles.Profile profile,
            Map<CosemAttributeDescriptor, GetDataResult> got) throws DlmsException {
        for (CosemAttributeDescriptor a : attributes) {
            try {
                got.put(a, new GetDataResult.Data(c.get(a)));
            } catch (DlmsRefusedException e) {
                DataAccessResult r = e.dataAccessResult();
                if (r == null) {
                    throw e; // not about the attribute: the request itself was refused
                }
                if (ReadProfiles.permanent(r)) {
                    profile.lacking(a, r);
                    LOG.info("{}: {} refused ({}): not asked again until its firmware changes", c.name(), a, name(r));
                }
                got.put(a, new GetDataResult.Failure(r));
            }
        }
    }

    /** Device id and active firmware identifier. */
    static String[] identity(DlmsClient c) throws DlmsException {
        List<GetDataResult> r = get(c, IDENTITY);
        String[] out = new String[2];
        for (int i = 0; i < 2; i++) {
            if (r.get(i) instanceof GetDataResult.Failure f) {
                throw new DlmsRefusedException(c.name() + ": get " + IDENTITY.get(i) + ": " + name(f.result()),
                        f.result(), null);
            }
            try {
                out[i] = text(((GetDataResult.Data) r.get(i)).value());
            } catch (DlmsCodecException e) {
                throw DlmsException.at(c.name(), e);
            }
        }
        return out;
    }

    /** Whether a value is an error marker rather than a value. */
    static boolean isError(String value) {
        return value == null || value.startsWith("error: ");
    }

    private static List<GetDataResult> get(DlmsClient c, List<CosemAttributeDescriptor> attributes)
            throws DlmsException {
        return read(c, attributes, new ReadProfiles.Profile());
    }

    private interface Decoder {
        String decode(DataValue v) throws DlmsCodecException;
    }

    private static String value(GetDataResult r, Decoder d) {
        if (r instanceof GetDataResult.Failure f) {
            return "error: " + name(f.result());
        }
        try {
            return d.decode(((GetDataResult.Data) r).value());
        } catch (DlmsCodecException e) {
            return "error: malformed: " + e.getMessage();
        }
    }

    private static String register(GetDataResult value, GetDataResult scalerUnit) {
        if (value instanceof GetDataResult.Failure f) {
            return "error: " + name(f.result());
        }
        if (scalerUnit instanceof GetDataResult.Failure f) {
            return "error: scaler_unit " + name(f.result());
        }
        try {
            ScalerUnit s = ScalerUnit.fromDataValue(((GetDataResult.Data) scalerUnit).value());
            DataValue raw = ((GetDataResult.Data) value).value();
            BigDecimal v;
            if (raw instanceof DataValue.Float32 f) {
                v = new BigDecimal(Float.toString(f.value())).scaleByPowerOfTen(s.scaler());
            } else if (raw instanceof DataValue.Float64 f) {
                v = BigDecimal.valueOf(f.value()).scaleByPowerOfTen(s.scaler());
            } else {
                v = s.apply(DataValues.toLong(raw, "register value"));
            }
            return format(v, s.unit());
        } catch (DlmsCodecException e) {
            return "error: malformed: " + e.getMessage();
        }
    }

    /** {@code "12345.6 Wh"}; a count has no unit. */
    static String format(BigDecimal value, int unit) {
        String u = unit(unit);
        return value.toPlainString() + (u.isEmpty() ? "" : " " + u);
    }

    /** The symbol of a Blue Book unit code ("unit N" for the codes not listed here). */
    static String unit(int code) {
        return switch (code) {
            case ScalerUnit.UNIT_WATT -> "W";
            case ScalerUnit.UNIT_VOLT_AMPERE -> "VA";
            case ScalerUnit.UNIT_VAR -> "var";
            case ScalerUnit.UNIT_WATT_HOUR -> "Wh";
            case ScalerUnit.UNIT_VOLT_AMPERE_HOUR -> "VAh";
            case ScalerUnit.UNIT_VAR_HOUR -> "varh";
            case ScalerUnit.UNIT_AMPERE -> "A";
            case ScalerUnit.UNIT_VOLT -> "V";
            case ScalerUnit.UNIT_HERTZ -> "Hz";
            case ScalerUnit.UNIT_COUNT -> "";
            default -> "unit " + code;
        };
    }

    private static String clock(DataValue v) throws DlmsCodecException {
        CosemDateTime t = CosemDateTime.fromDataValue(v);
        try {
            return t.toOffsetDateTime().toString();
        } catch (DlmsCodecException e) {
            return t.toString(); // wildcards: as the meter sent it
        }
    }

    private static String text(DataValue v) throws DlmsCodecException {
        if (v instanceof DataValue.OctetString s) {
            return new String(s.value(), StandardCharsets.ISO_8859_1);
        }
        return DataValues.toText(v, "text");
    }

    private static String name(DataAccessResult r) {
        return r.name().toLowerCase().replace('_', '-');
    }
}
