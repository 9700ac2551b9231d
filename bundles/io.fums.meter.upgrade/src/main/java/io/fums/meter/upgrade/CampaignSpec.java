package io.fums.meter.upgrade;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the cloud asks for: a staged firmware, the target meters (an explicit
 * list or a selector), when to activate and how to roll out.
 *
 * @param id         the campaign id, {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}, unique on the DCU
 * @param firmware   the staged package's SHA-256 ({@link StagedFirmware#packageSha256()})
 * @param meters     explicit target meter ids; empty when {@code selector} is given
 * @param selector   selects targets from the inventory; null when {@code meters} is given
 * @param activation when verified images become active
 * @param rollout    waves, concurrency, retries and error threshold
 */
public record CampaignSpec(String id, String firmware, List<String> meters, MeterSelector selector, ActivationPolicy activation,
                           RolloutPolicy rollout) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * @throws IllegalArgumentException naming the invalid part
     */
    public CampaignSpec {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("campaign id '" + id + "' must match " + ID.pattern());
        }
        if (firmware == null || !SHA256.matcher(firmware).matches()) {
            throw new IllegalArgumentException("firmware must be the staged package's SHA-256 (64 lower-case hex digits)");
        }
        meters = meters == null ? List.of() : List.copyOf(meters);
        if (meters.isEmpty() == (selector == null)) {
            throw new IllegalArgumentException("give either a list of meters or a selector");
        }
        if (meters.stream().distinct().count() != meters.size()) {
            throw new IllegalArgumentException("a meter is listed twice");
        }
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(rollout, "rollout");
    }
}
