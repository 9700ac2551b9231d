package io.fums.emulator.console.fleet;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a fleet rollout does, as stored (JSON, {@link FleetStore}) when it is created; never changed afterwards.
 *
 * @param id                 the rollout id, {@code [A-Za-z0-9][A-Za-z0-9._-]{0,39}}
 * @param kind               {@link #METER_FIRMWARE} or {@link #DCU_SOFTWARE}, from the package's manifest
 * @param packageFile        the signed package (absolute path), served to the DCUs over HTTP
 * @param packageSha256      its SHA-256 (a meter-firmware campaign names its firmware by it)
 * @param packageSize        its size in bytes
 * @param name               the manifest's product or feature name
 * @param version            the manifest's version
 * @param compatible         the manifest's compatible device types (UC-1)
 * @param newFunctions       release notes: new functions (UC-1)
 * @param fixedProblems      release notes: fixed problems (UC-1)
 * @param campaign           meter firmware: the campaign every DCU runs (CampaignSpecJson, id {@link #campaignId}),
 *                           null for software
 * @param selector           which DCUs were selected
 * @param waves              the DCU waves, e.g. {@code 1,25%,rest}
 * @param maxParallel        DCUs in work at once at most
 * @param maxFailedDcus      the fleet threshold on failed DCUs among those started
 * @param maxFailedMeters    the fleet threshold on failed meters among the meters of the DCUs started
 * @param offlineDeadlineSeconds how long a DCU offline when its wave starts is waited for
 */
public record RolloutSpec(String id, String kind, String packageFile, String packageSha256, long packageSize,
                          String name, String version, List<String> compatible, List<String> newFunctions,
                          List<String> fixedProblems, JsonObject campaign, FleetSelector selector, String waves,
                          int maxParallel, String maxFailedDcus, String maxFailedMeters, long offlineDeadlineSeconds) {

    /** Kind of a meter-firmware rollout. */
    public static final String METER_FIRMWARE = "meter-firmware";
    /** Kind of a DCU software rollout. */
    public static final String DCU_SOFTWARE = "dcu-software";
    /** Prefix of the campaign id every DCU of a rollout runs: {@code fleet-<rollout id>}. */
    public static final String CAMPAIGN_PREFIX = "fleet-";
    /** A rollout id. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,39}");

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    public RolloutSpec {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("rollout id '" + id + "': 1 to 40 of [A-Za-z0-9._-], starting with a "
                    + "letter or digit");
        }
        if (!METER_FIRMWARE.equals(kind) && !DCU_SOFTWARE.equals(kind)) {
            throw new IllegalArgumentException("kind " + kind + ": " + METER_FIRMWARE + " or " + DCU_SOFTWARE);
        }
        if (maxParallel < 1 || maxParallel > 10_000) {
            throw new IllegalArgumentException("--max-parallel " + maxParallel + ": 1 to 10000 DCUs");
        }
        if (offlineDeadlineSeconds < 0 || offlineDeadlineSeconds > 30L * 86_400) {
            throw new IllegalArgumentException("--offline-deadline " + offlineDeadlineSeconds + ": 0 to 2592000 s");
        }
        compatible = List.copyOf(compatible);
        newFunctions = List.copyOf(newFunctions);
        fixedProblems = List.copyOf(fixedProblems);
        WavePlan.parse(waves);
        Threshold.parse("--max-failed-dcus", maxFailedDcus);
        Threshold.parse("--max-failed-meters", maxFailedMeters);
    }

    /** The campaign id every DCU of rollout {@code rolloutId} runs (deterministic: a restarted console finds it). */
    public static String campaignId(String rolloutId) {
        return CAMPAIGN_PREFIX + rolloutId;
    }

    /** The rollout a campaign id belongs to, or null if it is no fleet campaign. */
    public static String rolloutOf(String campaignId) {
        return campaignId != null && campaignId.startsWith(CAMPAIGN_PREFIX)
                ? campaignId.substring(CAMPAIGN_PREFIX.length()) : null;
    }

    public boolean firmware() {
        return METER_FIRMWARE.equals(kind);
    }

    public WavePlan wavePlan() {
        return WavePlan.parse(waves);
    }

    public Threshold dcuThreshold() {
        return Threshold.parse("--max-failed-dcus", maxFailedDcus);
    }

    public Threshold meterThreshold() {
        return Threshold.parse("--max-failed-meters", maxFailedMeters);
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    public static RolloutSpec fromJson(String json) {
        return GSON.fromJson(json, RolloutSpec.class);
    }
}
