package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.dlms.transport.HdlcSettings;
import io.fums.meter.reading.internal.Inventory.HdlcEndpoint;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A meter's HDLC parameters in the inventory (issue 15, Gurux deviation 4 in docs/dlms.md): the window and the
 * information field the DCU proposes in SNRM and its response timeout, per meter, defaulting to the HDLC client's
 * own; bad values refused with CONFIG_INVALID naming the meter and the value.
 */
@Tag("SM-1")
@Tag("SEC-2")
class InventoryHdlcTest {

    private static String inventory(String hdlc) {
        return """
                {"links": [{"id": "rs485-a"}],
                 "meters": [{"id": "g-1", "deviceType": "GRX-1", "link": "rs485-a", "hdlcAddress": 17,%s
                             "security": {"authentication": "none"}},
                            {"id": "b-1", "deviceType": "FUMS-EM-1", "link": "rs485-a", "hdlcAddress": 18,
                             "security": {"authentication": "none"}}]}
                """.formatted(hdlc);
    }

    private static HdlcEndpoint endpoint(Inventory inv, String meter) {
        return (HdlcEndpoint) inv.meter(meter).orElseThrow().endpoint();
    }

    @Test
    void withoutHdlcParametersAMeterGetsTheClientsDefaults() throws Exception {
        HdlcEndpoint b = endpoint(InventoryParser.parse(inventory(""), "meters.json"), "b-1");
        HdlcSettings defaults = HdlcSettings.client(0x10, 1, 18);
        assertThat(b.settings()).as("today's values: window 7, 2030 octets, 3 s").isEqualTo(defaults);
        assertThat(b.window()).isEqualTo(7);
        assertThat(b.maxInfoField()).isEqualTo(HdlcSettings.MAX_INFO);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            "hdlc": {"window": 1, "maxInfoField": 128},  | 1 | 128  | 3000
            "hdlc": {"window": 7, "maxInfoField": 2030}, | 7 | 2030 | 3000
            "hdlc": {"window": 3},                       | 3 | 2030 | 3000
            "hdlc": {"maxInfoField": 16},                | 7 | 16   | 3000
            "hdlc": {"responseTimeoutMillis": 100},      | 7 | 2030 | 100
            "hdlc": {"responseTimeoutMillis": 60000},    | 7 | 2030 | 60000
            "hdlc": {},                                  | 7 | 2030 | 3000
            "hdlc": null,                                | 7 | 2030 | 3000
            """)
    void aMeterMayHaveItsOwnWindowInformationFieldAndResponseTimeout(String hdlc, int window, int info,
            long timeoutMillis) throws Exception {
        Inventory inv = InventoryParser.parse(inventory(hdlc), "meters.json");
        HdlcSettings s = endpoint(inv, "g-1").settings();
        assertThat(s.windowTransmit()).isEqualTo(window);
        assertThat(s.windowReceive()).isEqualTo(window);
        assertThat(s.maxInfoTransmit()).isEqualTo(info);
        assertThat(s.maxInfoReceive()).isEqualTo(info);
        assertThat(s.responseTimeout()).isEqualTo(Duration.ofMillis(timeoutMillis));
        assertThat(s.maxRetries()).as("retries stay the client's")
                .isEqualTo(HdlcSettings.client(0x10, 1, 17).maxRetries());
        assertThat(s.serverAddress()).isEqualTo(HdlcSettings.client(0x10, 1, 17).serverAddress());
        assertThat(endpoint(inv, "b-1").settings()).as("the other meter on the link keeps the defaults")
                .isEqualTo(HdlcSettings.client(0x10, 1, 18));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            window 0              | "hdlc": {"window": 0},               | meter g-1: hdlc: window must be 1..7, not 0
            window 8              | "hdlc": {"window": 8},               | meter g-1: hdlc: window must be 1..7, not 8
            window negative       | "hdlc": {"window": -1},              | meter g-1: hdlc: window must be 1..7, not -1
            window not integer    | "hdlc": {"window": 1.5},             | meter g-1: hdlc: window must be an integer
            window a string       | "hdlc": {"window": "1"},             | meter g-1: hdlc: window must be an integer
            window huge           | "hdlc": {"window": 1e30},            | meter g-1: hdlc: window must be an integer
            info field too small  | "hdlc": {"maxInfoField": 15},        | meter g-1: hdlc: maxInfoField must be 16..2030, not 15
            info field too large  | "hdlc": {"maxInfoField": 2031},      | meter g-1: hdlc: maxInfoField must be 16..2030, not 2031
            info field not integer| "hdlc": {"maxInfoField": 128.25},    | meter g-1: hdlc: maxInfoField must be an integer
            timeout too short     | "hdlc": {"responseTimeoutMillis": 99},    | meter g-1: hdlc: responseTimeoutMillis must be 100..60000, not 99
            timeout too long      | "hdlc": {"responseTimeoutMillis": 60001}, | meter g-1: hdlc: responseTimeoutMillis must be 100..60000, not 60001
            timeout not integer   | "hdlc": {"responseTimeoutMillis": "3s"},  | meter g-1: hdlc: responseTimeoutMillis must be an integer
            unknown field         | "hdlc": {"windowSize": 1},           | meter g-1: hdlc: unknown field windowSize (allowed: maxInfoField, responseTimeoutMillis, window)
            not an object         | "hdlc": 1,                           | meter g-1: hdlc must be an object (window, maxInfoField, responseTimeoutMillis)
            """)
    void badHdlcParametersAreRefusedNamingTheMeterAndTheValue(String what, String hdlc, String message) {
        assertThatThrownBy(() -> InventoryParser.parse(inventory(hdlc), "meters.json")).as(what)
                .isInstanceOfSatisfying(FumsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(e.getMessage()).isEqualTo("inventory meters.json: " + message);
                });
    }

    @Test
    void hdlcParametersAreForMetersOnASerialLinkOnly() {
        String json = """
                {"meters": [{"id": "m-1", "deviceType": "T", "tcp": "h:1", "hdlc": {"window": 1},
                             "security": {"authentication": "none"}}]}
                """;
        assertThatThrownBy(() -> InventoryParser.parse(json, "meters.json"))
                .isInstanceOfSatisfying(FumsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(e.getMessage()).isEqualTo("inventory meters.json: meter m-1: hdlc is for meters on a"
                            + " serial link, not tcp");
                });
    }
}
