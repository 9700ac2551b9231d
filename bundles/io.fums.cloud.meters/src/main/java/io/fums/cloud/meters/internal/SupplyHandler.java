package io.fums.cloud.meters.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.RequestHandler;
import io.fums.cloud.mqtt.ResponseStatus;
import io.fums.cloud.mqtt.support.Body;
import io.fums.dlms.cosem.ControlState;
import io.fums.meter.access.MeterInventory;
import io.fums.meter.reading.MeterSupply;
import io.fums.meter.reading.SupplyState;
import io.fums.meter.upgrade.CampaignService;
import io.fums.meter.upgrade.MeterJob;
import io.fums.store.AuditLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The supply switch operations (SEC-4) over the meter-reading bundle's
 * {@link MeterSupply} (disconnect control, class 70).
 *
 * <ul>
 * <li>{@code meters.supply} (GET): the switch's state, read now.</li>
 * <li>{@code meters.disconnect} (EXEC, dual control): remote_disconnect.
 *     Two distinct operator signatures (the router refuses fewer before the
 *     nonce is used; checked again here); refused with
 *     {@code CMD_METER_IN_CAMPAIGN} while an unfinished campaign has an
 *     unfinished job for the meter.</li>
 * <li>{@code meters.reconnect} (EXEC, one signature): remote_reconnect; per
 *     the meter's control_mode the supply is back or the meter is armed for
 *     the consumer to close it ({@code ready_for_reconnection}).</li>
 * </ul>
 * Every attempt that reaches this handler is audited ({@code meter.disconnect},
 * {@code meter.reconnect}) with the signers, the meter, the outcome and the
 * state read back.
 */
public final class SupplyHandler implements RequestHandler {

    /** Every operation served. */
    public static final String[] OPERATIONS = {"meters.supply", "meters.disconnect", "meters.reconnect"};
    /** The read-only one. */
    public static final String[] READ_ONLY = {"meters.supply"};
    /** The one that needs two operators. */
    public static final String[] DUAL_CONTROL = {"meters.disconnect"};

    private final Supplier<MeterInventory> inventory;
    private final Supplier<MeterSupply> supply;
    private final Supplier<CampaignService> campaigns;
    private final AuditLog audit;
    private final SupplyStates states;

    /** As below, remembering the states in a {@link SupplyStates} of its own. */
    public SupplyHandler(Supplier<MeterInventory> inventory, Supplier<MeterSupply> supply,
                         Supplier<CampaignService> campaigns, AuditLog audit) {
        this(inventory, supply, campaigns, audit, new SupplyStates());
    }

    /**
     * @param inventory the inventory, or a supplier of null while it is absent
     * @param supply    the supply switch service, or a supplier of null while it is absent
     * @param campaigns the meter-upgrade agent, or a supplier of null when it is not running (then no campaign holds a meter)
     * @param audit     where every attempt is audited
     * @param states    where every state the meter answers is remembered (for {@code meters.list})
     */
    public SupplyHandler(Supplier<MeterInventory> inventory, Supplier<MeterSupply> supply,
                         Supplier<CampaignService> campaigns, AuditLog audit, SupplyStates states) {
        this.inventory = inventory;
        this.supply = supply;
        this.campaigns = campaigns;
        this.audit = audit;
        this.states = states;
    }

    /** The service properties this handler registers with. */
    public static Map<String, Object> serviceProperties() {
        return Map.of(RequestHandler.OPERATIONS, OPERATIONS, RequestHandler.READ_ONLY, READ_ONLY,
                RequestHandler.DUAL_CONTROL, DUAL_CONTROL);
    }

    @Override
    public CloudResponse handle(CloudRequest request) throws FumsException {
        String op = request.operation();
        try {
            return switch (op) {
                case "meters.supply" -> state(request);
                case "meters.disconnect", "meters.reconnect" -> operate(request);
                default -> throw new FumsException(ErrorCode.CMD_UNKNOWN, "not a supply operation: " + op);
            };
        } catch (NoClassDefFoundError e) {
            // the meter packages are optional imports: without the bundle they are not wired
            throw new FumsException(ErrorCode.CMD_UNKNOWN, op + ": the meter supply switch (io.fums.meter.reading) is "
                    + "not installed on this DCU");
        }
    }

    private MeterSupply supply(String op, String meterId) throws FumsException {
        MeterInventory i = inventory.get();
        MeterSupply s = supply.get();
        if (i == null || s == null) {
            throw new FumsException(ErrorCode.CMD_UNKNOWN, op + ": the meter supply switch (io.fums.meter.reading) is "
                    + "not running on this DCU");
        }
        if (i.meter(meterId).isEmpty()) {
            throw new FumsException(ErrorCode.METER_UNKNOWN, op + ": no meter " + meterId + " in this DCU's inventory");
        }
        return s;
    }

    private CloudResponse state(CloudRequest request) throws FumsException {
        String op = request.operation();
        String meterId = Body.of(request, Set.of("meterId")).string("meterId");
        SupplyState now = supply(op, meterId).state(meterId);
        states.record(now);
        return CloudResponse.ok(json(now, null));
    }

    private CloudResponse operate(CloudRequest request) throws FumsException {
        String op = request.operation();
        boolean disconnect = op.equals("meters.disconnect");
        String action = disconnect ? "meter.disconnect" : "meter.reconnect";
        List<String> signers = request.command().orElseThrow().signerKeyIds();
        String meterId = "?";
        SupplyState after;
        try {
            meterId = Body.of(request, Set.of("meterId")).string("meterId");
            if (disconnect && signers.size() < 2) {
                // the router refuses this before; a handler registered without its dual-control property must not act
                throw new FumsException(ErrorCode.CMD_DUAL_CONTROL_REQUIRED, op + " needs the signatures of two distinct "
                        + "operator keys; it carries " + signers + "; nothing was done");
            }
            MeterSupply s = supply(op, meterId);
            if (disconnect) {
                Optional<MeterJob> held = CampaignHolds.job(campaigns, meterId);
                if (held.isPresent()) {
                    throw new FumsException(ErrorCode.CMD_METER_IN_CAMPAIGN, op + ": meter " + meterId + " is held by campaign "
                            + held.get().campaignId() + " (job " + held.get().state() + "): cancel the campaign or wait for "
                            + "the meter to finish; nothing was sent to the meter");
                }
            }
            after = disconnect ? s.disconnect(meterId) : s.reconnect(meterId);
            states.record(after);
        } catch (FumsException e) {
            audit(request, action, meterId, signers, e, null);
            throw e;
        }
        boolean done = disconnect ? after.controlState() == ControlState.DISCONNECTED
                : after.controlState() != ControlState.DISCONNECTED;
        if (!done) {
            FumsException e = new FumsException(ErrorCode.METER_REFUSED, op + ": meter " + meterId + " accepted the method "
                    + "but reads back " + name(after.controlState()));
            audit(request, action, meterId, signers, e, after);
            return CloudResponse.error(ResponseStatus.FAILED, e.code(), e.getMessage(), json(after, signers));
        }
        audit(request, action, meterId, signers, null, after);
        String message = disconnect ? "meter " + meterId + " disconnected"
                : after.controlState() == ControlState.CONNECTED ? "meter " + meterId + " reconnected"
                : "meter " + meterId + " is ready for reconnection: the consumer closes the switch on the meter (control_mode "
                        + after.controlMode() + ")";
        return CloudResponse.ok(message, json(after, signers));
    }

    private void audit(CloudRequest request, String action, String meterId, List<String> signers, FumsException failure,
                       SupplyState after) {
        OperatorAudit.append(audit, request, action, meterId, signers, failure, b -> {
            if (after != null) {
                b.detail("controlState", name(after.controlState())).detail("controlMode", after.controlMode());
            }
        });
    }

    static String name(ControlState s) {
        return s.name().toLowerCase();
    }

    private static Map<String, Object> json(SupplyState s, List<String> signers) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("meterId", s.meterId());
        d.put("outputState", s.outputState());
        d.put("controlState", name(s.controlState()));
        d.put("controlMode", s.controlMode());
        d.put("readAt", s.readAt().toString());
        if (signers != null) {
            d.put("signers", signers);
        }
        return d;
    }
}
