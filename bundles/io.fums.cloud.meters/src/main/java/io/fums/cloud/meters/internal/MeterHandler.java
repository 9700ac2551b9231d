package io.fums.cloud.meters.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.RequestHandler;
import io.fums.cloud.mqtt.ResponseStatus;
import io.fums.cloud.mqtt.support.Body;
import io.fums.meter.access.MeterIdentity;
import io.fums.meter.access.MeterInfo;
import io.fums.meter.access.MeterInventory;
import io.fums.meter.reading.MeterReadings;
import io.fums.meter.reading.ReadStats;
import io.fums.meter.reading.Reading;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code meters.*} operations over the meter-reading bundle's
 * {@link MeterInventory} and {@link MeterReadings}.
 *
 * <ul>
 * <li>{@code meters.list} (GET): every meter with its device type, link,
 *     security (authentication, suite, insecure), the firmware identifier
 *     last read, the time of its last read, whether it is suspect, and its
 *     supply switch as last read or operated ({@link SupplyStates}; null
 *     while unknown).</li>
 * <li>{@code meters.read} (GET): identifies one meter now (SM-1), with its
 *     latest readings and read statistics.</li>
 * </ul>
 * Without the meter-reading bundle both are refused with {@code CMD_UNKNOWN}.
 */
public final class MeterHandler implements RequestHandler {

    /** Every operation served (all read-only). */
    public static final String[] OPERATIONS = {"meters.list", "meters.read"};

    /** How many readings are searched for the last firmware identifier. */
    static final int FIRMWARE_LOOKBACK = 3;

    private final Supplier<MeterInventory> inventory;
    private final Supplier<MeterReadings> readings;
    private final SupplyStates supply;

    /** As below, with no supply state known. */
    public MeterHandler(Supplier<MeterInventory> inventory, Supplier<MeterReadings> readings) {
        this(inventory, readings, new SupplyStates());
    }

    /**
     * @param inventory the inventory, or a supplier of null while it is absent
     * @param readings  the readings, or a supplier of null while they are absent
     * @param supply    the meters' supply switches as last read or operated
     */
    public MeterHandler(Supplier<MeterInventory> inventory, Supplier<MeterReadings> readings, SupplyStates supply) {
        this.inventory = inventory;
        this.readings = readings;
        this.supply = supply;
    }

    /** The service properties this handler registers with. */
    public static Map<String, Object> serviceProperties() {
        return Map.of(RequestHandler.OPERATIONS, OPERATIONS, RequestHandler.READ_ONLY, OPERATIONS);
    }

    @Override
    public CloudResponse handle(CloudRequest request) throws FumsException {
        try {
            return switch (request.operation()) {
                case "meters.list" -> list(request);
                case "meters.read" -> read(request);
                default -> throw new FumsException(ErrorCode.CMD_UNKNOWN, "not a meters operation: " + request.operation());
            };
        } catch (NoClassDefFoundError e) {
            // the meter packages are optional imports: without the bundle they are not wired
            throw new FumsException(ErrorCode.CMD_UNKNOWN, request.operation() + ": the meter inventory and readings "
                    + "(io.fums.meter.reading) are not installed on this DCU");
        }
    }

    private record Services(MeterInventory inventory, MeterReadings readings) {
    }

    private Services services(String operation) throws FumsException {
        MeterInventory i = inventory.get();
        MeterReadings r = readings.get();
        if (i == null || r == null) {
            throw new FumsException(ErrorCode.CMD_UNKNOWN, operation + ": the meter inventory and readings "
                    + "(io.fums.meter.reading) are not running on this DCU");
        }
        return new Services(i, r);
    }

    private CloudResponse list(CloudRequest request) throws FumsException {
        String op = request.operation();
        String deviceType = Body.of(request, Set.of("deviceType")).optString("deviceType");
        Services s = services(op);
        Set<String> suspects = s.inventory().suspects();
        List<Map<String, Object>> meters = new ArrayList<>();
        for (MeterInfo m : s.inventory().meters()) {
            if (deviceType != null && !deviceType.equals(m.deviceType().value())) {
                continue;
            }
            Map<String, Object> x = MeterJson.meter(m, MeterJson.seenFirmware(s.readings().latest(m.meterId(),
                    FIRMWARE_LOOKBACK)), s.readings().stats(m.meterId()), suspects.contains(m.meterId()));
            if (suspects.contains(m.meterId())) {
                s.inventory().suspectReason(m.meterId()).ifPresent(r -> x.put("suspectReason", r));
            }
            x.put("supply", supply.last(m.meterId()).map(MeterJson::supply).orElse(null));
            x.put("capabilities", s.inventory().capabilities(m.meterId()).map(MeterJson::capabilities).orElse(null));
            meters.add(x);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("count", meters.size());
        data.put("meters", meters);
        return CloudResponse.ok(data);
    }

    private CloudResponse read(CloudRequest request) throws FumsException {
        String op = request.operation();
        Body body = Body.of(request, Set.of("meterId", "limit"));
        String meterId = body.string("meterId");
        int limit = (int) body.optLong("limit", 10, 1, 1000);
        Services s = services(op);
        Optional<MeterInfo> info = s.inventory().meter(meterId);
        if (info.isEmpty()) {
            return CloudResponse.error(ResponseStatus.REFUSED, ErrorCode.METER_UNKNOWN, op + ": no meter " + meterId
                    + " in this DCU's inventory", null);
        }
        MeterIdentity identity = null;
        FumsException identifyFailure = null;
        try {
            identity = s.inventory().identify(meterId);
        } catch (FumsException e) {
            identifyFailure = e;
        }
        List<Map<String, Object>> latest = new ArrayList<>();
        for (Reading r : s.readings().latest(meterId, limit)) {
            latest.add(MeterJson.reading(r));
        }
        ReadStats stats = s.readings().stats(meterId);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("meter", MeterJson.info(info.get()));
        Optional<String> suspect = s.inventory().suspectReason(meterId);
        data.put("suspect", suspect.isPresent());
        suspect.ifPresent(r -> data.put("suspectReason", r));
        data.put("identity", identity == null ? null : MeterJson.identity(identity));
        data.put("identifyError", identifyFailure == null ? null
                : Map.of("code", identifyFailure.code().name(), "message", String.valueOf(identifyFailure.getMessage())));
        data.put("stats", MeterJson.stats(stats));
        data.put("readings", latest);
        if (identifyFailure != null) {
            return CloudResponse.error(ResponseStatus.FAILED, identifyFailure.code(), op + ": meter " + meterId
                    + " could not be identified: " + identifyFailure.getMessage(), data);
        }
        return CloudResponse.ok(data);
    }
}
