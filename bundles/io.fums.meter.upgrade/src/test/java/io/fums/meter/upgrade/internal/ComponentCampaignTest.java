package io.fums.meter.upgrade.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.device.DeviceType;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.api.firmware.FirmwareComponent;
import io.fums.api.firmware.FirmwareVersion;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.cosem.ObjectList;
import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.image.ImageHeader;
import io.fums.emulator.meter.image.ImageSigner;
import io.fums.emulator.meter.model.MeterStatus;
import io.fums.emulator.meter.net.DlmsSessionRunner;
import io.fums.meter.upgrade.ActivationPolicy;
import io.fums.meter.upgrade.CampaignListener;
import io.fums.meter.upgrade.CampaignSpec;
import io.fums.meter.upgrade.CampaignState;
import io.fums.meter.upgrade.CampaignStatus;
import io.fums.meter.upgrade.MeterEndpoint;
import io.fums.meter.upgrade.MeterJob;
import io.fums.meter.upgrade.RolloutPolicy;
import io.fums.meter.upgrade.StagedFirmware;
import io.fums.meter.upgrade.UpgradeState;
import io.fums.store.AuditLog;
import io.fums.store.AuditQuery;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import io.fums.testsupport.Conditions;
import io.fums.testsupport.FreePorts;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Firmware per component (issue 15): a package for the communication module, over emulated meters with a core, a
 * metrology and a communication module image and one with a core only. Planning leaves out, at creation, the meter
 * whose object list names no 1-2:0.2.0.255 (CANCELLED, METER_NO_COMPONENT, not contacted); the others take the
 * image into that component only: the agent reads 1-2:0.2.0.255 back after activation, the core and the metrology
 * run what they ran (MET-3). A campaign whose every target lacks the component is refused, audited.
 *
 * <p>Proves: SM-1, MET-3, UC-5.
 */
class ComponentCampaignTest {

    private static final String FIRMWARE = "e".repeat(64);
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final String THREE = "{\"metrology\": \"4.0.0\", \"communication\": \"7.0.0\"}";

    @TempDir
    Path dir;
    private final EmulatedMeters.Clients clients = new EmulatedMeters.Clients();
    private final List<MeterJob> results = Collections.synchronizedList(new ArrayList<>());

    @Test
    @Tag("SM-1")
    @Tag("MET-3")
    @Tag("UC-5")
    void aCommunicationModulePackageUpgradesThatComponentOnlyAndLeavesOutMetersWithoutIt() throws Exception {
        int base = FreePorts.base(64);
        byte[] bytes = ImageSigner.build(new ImageHeader("7.1.0", "FUMS-EM-1", 0, "communication"), 4 * 1024, 15,
                EmulatedMeters.VENDOR.getPrivate());
        String meters = "{\"id\": \"m-00001\", \"components\": " + THREE + "},"
                + "{\"id\": \"m-00002\", \"components\": " + THREE + "}";
        try (MeterEmulator emu = MeterEmulator.start(EmulatedMeters.population(dir, base, 3, meters),
                new DlmsSessionRunner(Duration.ofSeconds(30)));
             ClosableDatabase db = Stores.openDatabase(dir.resolve("dcu"))) {
            Clock clock = Clock.systemUTC();
            AuditLog audit = Stores.auditLog(db, clock);
            UpgradeJournal journal = new UpgradeJournal(db, clock);
            Map<String, MeterEndpoint> endpoints = clients.endpoints(dir, base, 3, 3).stream()
                    .collect(Collectors.toMap(MeterEndpoint::meterId, e -> e));
            CampaignStore store = new CampaignStore(db, clock);
            store.stage(new StagedFirmware(FIRMWARE, "em-comms", FirmwareVersion.parse("7.1.0"), "emu",
                    List.of(DeviceType.of("FUMS-EM-1")), Map.of(), "b".repeat(64), bytes.length, Instant.now(),
                    FirmwareComponent.COMMUNICATION), "d".repeat(64));
            StagedFirmware firmware = store.firmware(FIRMWARE).orElseThrow();
            assertThat(firmware.component()).as("kept with the staged firmware").isEqualTo(FirmwareComponent.COMMUNICATION);
            assertThat(firmware.image().component()).isEqualTo(FirmwareComponent.COMMUNICATION);

            // what each meter's object list names (as capability discovery records it)
            Map<String, List<String>> identifiers = new HashMap<>();
            for (String m : List.of("m-00001", "m-00002", "m-00003")) {
                try (DlmsClient c = endpoints.get(m).connector().open()) {
                    identifiers.put(m, ObjectList.decode(c.get(ObjectList.CURRENT_ASSOCIATION_OBJECT_LIST), 4096)
                            .stream().filter(e -> e.classId() == 1 && e.logicalName().d() == 2 && e.logicalName().e() == 0)
                            .map(e -> e.logicalName().toString()).toList());
                }
            }
            assertThat(identifiers.get("m-00001")).contains("1-0:0.2.0.255", "1-1:0.2.0.255", "1-2:0.2.0.255");
            assertThat(identifiers.get("m-00003")).containsExactly("1-0:0.2.0.255");
            ComponentCapabilities.ComponentSupport support = m -> Optional.ofNullable(identifiers.get(m));
            List<String> all = List.of("m-00001", "m-00002", "m-00003");
            assertThat(ComponentCapabilities.excluded(FirmwareComponent.CORE, all, support)).as("every meter has a core")
                    .isEmpty();

            try (CampaignEngine engine = new CampaignEngine(store, journal,
                    new MeterUpgrader(journal, clock, Duration.ofMillis(30), Duration.ofSeconds(10)), clock, 8,
                    id -> Optional.ofNullable(endpoints.get(id)), sha -> bytes, listener(), audit, meter -> null,
                    BroadcastPhase.Media.NONE, CampaignEngine.SpaceCheck.NONE)) {
                Map<String, CampaignEngine.LeftOut> leftOut = leftOut(all, support);
                assertThat(leftOut).containsOnlyKeys("m-00003");
                CampaignStatus created = engine.createLeavingOut(new CampaignSpec("c-comms", FIRMWARE, all, null,
                        ActivationPolicy.immediately(), rollout()), firmware, all, leftOut);
                assertThat(created.meters()).filteredOn(j -> j.meterId().equals("m-00003")).singleElement()
                        .satisfies(j -> {
                            assertThat(j.state()).isEqualTo(UpgradeState.CANCELLED);
                            assertThat(j.errorCode()).isEqualTo("METER_NO_COMPONENT");
                            assertThat(j.message()).contains("no communication firmware component", "1-2:0.2.0.255");
                        });

                engine.start("c-comms");
                Conditions.await("campaign c-comms completed", STEP).until(() -> engine.status("c-comms").state()
                        == CampaignState.COMPLETED && !engine.working("c-comms"));
                CampaignStatus done = engine.status("c-comms");
                assertThat(done.counts()).containsEntry(UpgradeState.SUCCEEDED, 2)
                        .containsEntry(UpgradeState.CANCELLED, 1);
                assertThat(done.meters()).filteredOn(j -> j.state() == UpgradeState.SUCCEEDED)
                        .allSatisfy(j -> assertThat(j.message()).contains("runs 7.1.0"));
                for (String m : List.of("m-00001", "m-00002")) {
                    MeterStatus s = emu.population().meter(m).status();
                    assertThat(s.components()).as(m).containsEntry("communication", "7.1.0")
                            .as("MET-3: the metrology image untouched").containsEntry("metrology", "4.0.0");
                    assertThat(s.runningFirmware()).as("the core untouched").isEqualTo("1.0.0");
                    assertThat(s.bankVersions()).containsExactly("1.0.0", null);
                }
                assertThat(emu.population().meter("m-00003").status().blocksReceived()).as("not contacted").isZero();
                assertThat(results).anyMatch(j -> j.meterId().equals("m-00003") && j.state() == UpgradeState.CANCELLED);

                List<String> lacking = List.of("m-00003");
                assertThatThrownBy(() -> engine.createLeavingOut(new CampaignSpec("c-none", FIRMWARE, lacking, null,
                        ActivationPolicy.immediately(), rollout()), firmware, lacking, leftOut(lacking, support)))
                        .isInstanceOfSatisfying(FumsException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.METER_NO_COMPONENT));
                assertThatThrownBy(() -> engine.status("c-none")).as("nothing created").isInstanceOf(FumsException.class);
                assertThat(audit.query(AuditQuery.builder().action("campaign.create").build()))
                        .anySatisfy(e -> assertThat(e.reason()).isEqualTo("METER_NO_COMPONENT"));
            }
        }
    }

    private static Map<String, CampaignEngine.LeftOut> leftOut(List<String> targets,
            ComponentCapabilities.ComponentSupport support) {
        Map<String, CampaignEngine.LeftOut> out = new LinkedHashMap<>();
        ComponentCapabilities.excluded(FirmwareComponent.COMMUNICATION, targets, support)
                .forEach((m, why) -> out.put(m, new CampaignEngine.LeftOut(ErrorCode.METER_NO_COMPONENT, why)));
        return out;
    }

    private static RolloutPolicy rollout() {
        return new RolloutPolicy(List.of("rest"), 2, 4, Duration.ofMillis(100), Duration.ofMillis(400), "50%");
    }

    private CampaignListener listener() {
        return new CampaignListener() {
            @Override
            public java.util.concurrent.CompletionStage<?> meterResult(MeterJob job) {
                results.add(job);
                return java.util.concurrent.CompletableFuture.completedStage(null);
            }
        };
    }
}
