package io.fums.meter.upgrade.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.firmware.FirmwareComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Campaign planning from what the meters offer (issue 15, firmware per
 * component): a campaign whose firmware is for a component other than the
 * core (metrology, communication module) leaves out, at creation, every
 * meter whose association object list does not name that component's active
 * firmware identifier (1-1:0.2.0.255, 1-2:0.2.0.255); its job ends CANCELLED
 * with {@link ErrorCode#METER_NO_COMPONENT}, the meter is not contacted. A
 * meter whose capabilities are unknown is kept (a meter lacking the
 * component then fails verification, its image refused). Core firmware
 * leaves no meter out: every meter has a core, whether or not its object
 * list names 1-0:0.2.0.255.
 */
final class ComponentCapabilities {

    /** What the DCU knows of a meter's firmware components. */
    @FunctionalInterface
    interface ComponentSupport {
        /** The firmware identifier objects the meter's object list names (OBIS text); empty when unknown. */
        Optional<List<String>> firmwareIdentifiers(String meterId);

        /** Knows nothing: no meter is left out. */
        ComponentSupport UNKNOWN = meterId -> Optional.empty();
    }

    private ComponentCapabilities() {
    }

    /**
     * The targets a campaign for {@code component} leaves out, each with the reason.
     *
     * @return meter id to message, in target order; empty for the core
     */
    static Map<String, String> excluded(FirmwareComponent component, List<String> targets, ComponentSupport support) {
        Map<String, String> out = new LinkedHashMap<>();
        if (component == FirmwareComponent.CORE) {
            return out;
        }
        for (String m : targets) {
            Optional<List<String>> ids = support.firmwareIdentifiers(m);
            if (ids.isPresent() && !ids.get().contains(component.identifierObis())) {
                out.put(m, "left out at creation, not contacted: meter " + m + " has no " + component.id()
                        + " firmware component (its object list names no " + component.identifierObis()
                        + "; it names " + (ids.get().isEmpty() ? "none" : String.join(" ", ids.get())) + ")");
            }
        }
        return out;
    }
}
