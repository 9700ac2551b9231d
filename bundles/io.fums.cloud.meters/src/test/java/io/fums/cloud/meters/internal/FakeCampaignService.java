package io.fums.cloud.meters.internal;

import io.fums.api.device.DeviceType;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.api.firmware.FirmwareVersion;
import io.fums.meter.upgrade.CampaignService;
import io.fums.meter.upgrade.CampaignSpec;
import io.fums.meter.upgrade.CampaignState;
import io.fums.meter.upgrade.CampaignStatus;
import io.fums.meter.upgrade.MeterJob;
import io.fums.meter.upgrade.StagedFirmware;
import io.fums.meter.upgrade.Transition;
import io.fums.meter.upgrade.UpgradeState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-written CampaignService for handler unit tests: keeps campaigns in
 * memory, refuses unknown ids like the agent ({@code CMD_CAMPAIGN_UNKNOWN "no campaign x"}),
 * and records what it was given.
 */
final class FakeCampaignService implements CampaignService {

    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    static final String SHA = "ab".repeat(32);

    final Map<String, CampaignStatus> campaigns = new LinkedHashMap<>();
    final List<CampaignSpec> created = new ArrayList<>();
    final List<byte[]> stagedContents = new ArrayList<>();
    final List<String> stagedChannels = new ArrayList<>();

    @Override
    public StagedFirmware stage(Path packageFile, String channel) throws FumsException {
        try {
            stagedContents.add(Files.readAllBytes(packageFile));
        } catch (IOException e) {
            throw new FumsException(ErrorCode.STORAGE_FAILED, e.getMessage());
        }
        stagedChannels.add(channel);
        return firmware().get(0);
    }

    @Override
    public List<StagedFirmware> firmware() {
        return List.of(new StagedFirmware(SHA, "fums-em-fw", FirmwareVersion.parse("2.0.0"), "FUMS Meters",
                List.of(DeviceType.of("FUMS-EM-1")), Map.of(DeviceType.of("FUMS-EM-1"), FirmwareVersion.parse("1.0.0")),
                "cd".repeat(32), 65536, T0));
    }

    @Override
    public CampaignStatus create(CampaignSpec spec) throws FumsException {
        if (campaigns.containsKey(spec.id())) {
            throw new FumsException(ErrorCode.CMD_MALFORMED, "campaign " + spec.id() + " exists already");
        }
        created.add(spec);
        List<MeterJob> jobs = new ArrayList<>();
        for (String m : spec.meters()) {
            jobs.add(new MeterJob(spec.id(), m, UpgradeState.PENDING, null, "selected", 0, 0, T0));
        }
        CampaignStatus s = status(spec.id(), CampaignState.CREATED, jobs);
        s = new CampaignStatus(s.id(), s.state(), s.firmware(), s.createdAt(), s.updatedAt(), s.counts(), s.meters(), s.alarms(),
                s.reason(), spec.activation());
        campaigns.put(spec.id(), s);
        return s;
    }

    static CampaignStatus status(String id, CampaignState state, List<MeterJob> jobs) {
        Map<UpgradeState, Integer> counts = new EnumMap<>(UpgradeState.class);
        for (MeterJob j : jobs) {
            counts.merge(j.state(), 1, Integer::sum);
        }
        return new CampaignStatus(id, state, "2.0.0", T0, T0, counts, jobs, List.of(), null);
    }

    private CampaignStatus find(String id) throws FumsException {
        CampaignStatus s = campaigns.get(id);
        if (s == null) {
            throw new FumsException(ErrorCode.CMD_CAMPAIGN_UNKNOWN, "no campaign " + id);
        }
        return s;
    }

    private CampaignStatus move(String id, CampaignState to) throws FumsException {
        CampaignStatus s = find(id);
        CampaignStatus n = new CampaignStatus(id, to, s.firmware(), s.createdAt(), T0.plusSeconds(1), s.counts(), s.meters(),
                s.alarms(), null, s.activation());
        campaigns.put(id, n);
        return n;
    }

    @Override
    public CampaignStatus start(String id) throws FumsException {
        return move(id, CampaignState.RUNNING);
    }

    @Override
    public CampaignStatus pause(String id) throws FumsException {
        return move(id, CampaignState.PAUSED);
    }

    @Override
    public CampaignStatus resume(String id) throws FumsException {
        return move(id, CampaignState.RUNNING);
    }

    @Override
    public CampaignStatus cancel(String id) throws FumsException {
        return move(id, CampaignState.CANCELLED);
    }

    @Override
    public CampaignStatus status(String id) throws FumsException {
        return find(id);
    }

    @Override
    public List<CampaignStatus> campaigns() {
        List<CampaignStatus> all = new ArrayList<>();
        for (CampaignStatus s : campaigns.values()) {
            all.add(new CampaignStatus(s.id(), s.state(), s.firmware(), s.createdAt(), s.updatedAt(), s.counts(), List.of(),
                    List.of(), s.reason()));
        }
        return all;
    }

    @Override
    public List<Transition> history(String id, String meterId) throws FumsException {
        find(id);
        return List.of(new Transition(id, meterId, UpgradeState.PENDING, UpgradeState.INITIATED, T0.plusSeconds(2), null,
                "initiated"), new Transition(id, meterId, UpgradeState.INITIATED, UpgradeState.FAILED, T0.plusSeconds(3),
                "METER_REFUSED", "the meter refused the image"));
    }
}
