package io.fums.emulator.meter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import io.fums.emulator.meter.fault.FaultStep;
import io.fums.emulator.meter.store.MeterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The population file: groups, overrides, media, validation. */
@Tag("CARD-4")
class PopulationPlannerTest {

    private final Gson gson = MeterStore.newGson();
    @TempDir Path dir;

    private PopulationPlanner.Plan plan(String json) throws IOException {
        Path f = dir.resolve("population.json");
        Files.writeString(f, json);
        return PopulationPlanner.plan(PopulationConfig.load(f, gson), gson);
    }

    @Test
    void groupsExpandWithDefaultsGroupSettingsAndPerMeterOverrides() throws IOException {
        PopulationPlanner.Plan p = plan("""
                {"stateDir": "st", "vendorKeys": ["k.pem"],
                 "defaults": {"deviceType": "EM-A", "firmware": "1.2.0", "powerW": 500,
                              "security": {"authentication": "low", "password": "secret1"},
                              "link": {"baud": 9600}},
                 "media": [{"id": "bus", "pty": "/tmp/x/bus", "link": {"bytesPerSecond": 480, "latencyMillis": 40}}],
                 "groups": [
                   {"id": "tcp", "count": 3, "tcpPortBase": 14000, "firmware": "1.3.0"},
                   {"id": "rs", "count": 2, "medium": "bus", "hdlcAddressBase": 100, "idFormat": "RS%03d"}],
                 "meters": [
                   {"id": "tcp-00002", "faults": {"powerCutAt": "VERIFY", "powerOffMillis": 1000},
                    "security": {"password": "other"}},
                   {"id": "solo", "pty": "/tmp/x/solo", "deviceType": "EM-B"}]}
                """);
        List<MeterPlan> m = p.meters();
        assertThat(m).extracting(x -> x.spec().meterId())
                .containsExactly("tcp-00001", "tcp-00002", "tcp-00003", "RS001", "RS002", "solo");
        assertThat(m.get(0).tcpPort()).isEqualTo(14000);
        assertThat(m.get(2).tcpPort()).isEqualTo(14002);
        assertThat(m.get(0).spec().factoryFirmware()).isEqualTo("1.3.0");
        assertThat(m.get(3).spec().factoryFirmware()).isEqualTo("1.2.0");
        assertThat(m.get(0).spec().deviceType()).isEqualTo("EM-A");
        assertThat(m.get(5).spec().deviceType()).isEqualTo("EM-B");
        assertThat(m.get(0).link().bytesPerSecond()).isEqualTo(960);
        assertThat(m.get(0).link().halfDuplex()).isTrue();
        assertThat(m.get(1).faults().powerCutAt()).isEqualTo(FaultStep.VERIFY);
        assertThat(m.get(0).faults().powerCutAt()).isNull();
        assertThat(m.get(1).security().authentication()).isEqualTo("low");
        assertThat(new String(m.get(1).security().password())).isEqualTo("other");
        assertThat(new String(m.get(0).security().password())).isEqualTo("secret1");
        assertThat(m.get(3).medium()).isEqualTo("bus");
        assertThat(m.get(4).hdlcAddress()).isEqualTo(101);
        assertThat(m.get(5).pty()).isEqualTo("/tmp/x/solo");
        assertThat(p.media().get(0).link().latencyMillis()).isEqualTo(40);
        assertThat(m.get(0).spec().blockSize()).isEqualTo(512);
        assertThat(m.get(0).maxPduSize()).isEqualTo(1024);
    }

    @Test
    void mistakesAreRefusedWithTheirPlace() {
        assertThatThrownBy(() -> plan("""
                {"groups": [{"id": "g", "count": 2, "faults": {"powerCutAT": "VERIFY"}}]}
                """)).hasMessageContaining("unknown field \"powerCutAT\"");
        assertThatThrownBy(() -> plan("""
                {"groups": [{"id": "g", "count": 2, "tcpPort": 4059}]}
                """)).hasMessageContaining("TCP port 4059 used twice");
        assertThatThrownBy(() -> plan("""
                {"meters": [{"id": "a", "medium": "nowhere"}]}
                """)).hasMessageContaining("meter a: no medium nowhere");
        assertThatThrownBy(() -> plan("""
                {"meters": [{"id": "a", "tcpPort": 1, "pty": "/tmp/p"}]}
                """)).hasMessageContaining("meter a: give at most one of tcpPort, pty and medium");
        assertThatThrownBy(() -> plan("""
                {"meters": [{"id": "a", "security": {"authentication": "high-gmac", "encryptionKey": "0011"}}]}
                """)).hasMessageContaining("meter a: high-gmac, high-ecdsa and ciphering need");
        assertThatThrownBy(() -> plan("""
                {"meters": [{"id": "bad id"}]}
                """)).hasMessageContaining("meter id must be");
        assertThatThrownBy(() -> plan("""
                {"groups": [{"id": "g", "count": 10001}]}
                """)).hasMessageContaining("count must be 1..10000");
        assertThatThrownBy(() -> plan("{\"stateDirr\": 1}")).hasMessageContaining("unknown field");
        assertThatThrownBy(() -> plan("[1,2]")).hasMessageContaining("not a population file");
    }

    @Test
    void theCommandLineBuildsAPopulationWithoutAFile() {
        PopulationConfig c = PopulationConfig.empty().addTcpGroup("m", 5, 20000).defaultSetting("firmware", "3.0")
                .defaultLink(9600);
        PopulationPlanner.Plan p = PopulationPlanner.plan(c, gson);
        assertThat(p.meters()).hasSize(5);
        assertThat(p.meters().get(4).tcpPort()).isEqualTo(20004);
        assertThat(p.meters().get(4).spec().factoryFirmware()).isEqualTo("3.0");
        assertThat(p.meters().get(4).link().bytesPerSecond()).isEqualTo(960);
        assertThat(p.meters().get(4).security().systemTitle()).hasSize(8);
    }

    @Test
    void theReadmeExampleIsAValidPopulation() throws IOException {
        PopulationConfig c = PopulationConfig.load(Path.of("examples/population.json"), gson);
        PopulationPlanner.Plan p = PopulationPlanner.plan(c, gson);
        assertThat(p.meters()).hasSize(100 + 8 + 2 + 2);
        assertThat(p.media()).hasSize(1);
        assertThat(c.controlPortOrNone()).isEqualTo(4058);
        assertThat(c.vendorKeysOrEmpty().get(0)).endsWith("examples/keys/vendor.pub.pem");
    }
}
