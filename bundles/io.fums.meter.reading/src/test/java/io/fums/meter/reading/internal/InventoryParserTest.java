package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.device.DeviceType;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.security.Authentication;
import io.fums.dlms.security.InvocationCounters;
import io.fums.meter.access.MeterInfo;
import io.fums.meter.reading.internal.Inventory.HdlcEndpoint;
import io.fums.meter.reading.internal.Inventory.MeterEntry;
import io.fums.meter.reading.internal.Inventory.TcpEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The inventory file: what a good one gives, and that every kind of bad one is refused with a clear message. */
@Tag("SM-1")
@Tag("SEC-2")
class InventoryParserTest {

    private static final String EK = "000102030405060708090a0b0c0d0e0f";
    private static final String AK = "d0d1d2d3d4d5d6d7d8d9dadbdcdddedf";

    @TempDir
    Path dir;

    @Test
    void aGoodInventoryGivesMetersOnTcpAndOnASharedSerialLinkWithTheirOwnSecurity() throws Exception {
        Inventory inv = InventoryParser.parse("""
                {"links": [{"id": "rs485-a", "type": "serial", "port": "/dev/ttyUSB0"}],
                 "meters": [
                   {"id": "m-00001", "deviceType": "FUMS-EM-1", "tcp": "127.0.0.1:4061",
                    "security": {"authentication": "none"}},
                   {"id": "b-00001", "deviceType": "FUMS-EM-1", "link": "rs485-a", "hdlcAddress": 17,
                    "security": {"authentication": "none"}},
                   {"id": "b-00002", "deviceType": "FUMS-EM-2", "link": "rs485-a", "hdlcAddress": 18,
                    "clientSap": 1, "logicalDevice": 2,
                    "security": {"authentication": "high-gmac", "encryptionKey": "%s", "authenticationKey": "%s",
                                 "systemTitle": "4644430000000001", "ciphering": true}},
                   {"id": "m-00002", "deviceType": "FUMS-EM-1", "tcp": "[::1]:4062",
                    "security": {"authentication": "low", "password": "secret"}}]}
                """.formatted(EK, AK), "meters.json");

        assertThat(inv.links()).singleElement().satisfies(l -> {
            assertThat(l.id()).isEqualTo("rs485-a");
            assertThat(l.port()).isEqualTo("/dev/ttyUSB0");
        });
        assertThat(inv.meters()).extracting(MeterEntry::id).containsExactly("m-00001", "b-00001", "b-00002", "m-00002");
        assertThat(inv.meter("m-00001").orElseThrow().info())
                .isEqualTo(new MeterInfo("m-00001", DeviceType.of("FUMS-EM-1"), "tcp:127.0.0.1:4061", "tcp 127.0.0.1:4061",
                        "none"));
        assertThat(inv.meter("b-00001").orElseThrow().info())
                .isEqualTo(new MeterInfo("b-00001", DeviceType.of("FUMS-EM-1"), "rs485-a", "hdlc rs485-a @0x11", "none"));
        assertThat(inv.meter("m-00001").orElseThrow().endpoint()).isEqualTo(new TcpEndpoint("127.0.0.1", 4061, 0x10, 1));
        assertThat(inv.meter("m-00002").orElseThrow().linkId()).isEqualTo("tcp:[::1]:4062");
        assertThat(inv.meter("b-00002").orElseThrow().endpoint()).isEqualTo(new HdlcEndpoint("rs485-a", 18, 1, 2));

        Inventory.SecuritySpec none = inv.meter("b-00001").orElseThrow().security();
        assertThat(none.usesCounters()).isFalse();
        assertThat(none.settings(null, Duration.ofSeconds(5), null).authentication()).isEqualTo(Authentication.NONE);

        Inventory.SecuritySpec hls = inv.meter("b-00002").orElseThrow().security();
        assertThat(hls.usesCounters()).isTrue();
        InvocationCounters ic = new InvocationCounters(42, 7);
        assertThat(hls.keys().blockCipherKey()).isEqualTo(HexFormat.of().parseHex(EK));
        AssociationSettings s = hls.settings(ic, Duration.ofSeconds(5), hls.keys());
        assertThat(s.authentication()).isEqualTo(Authentication.HIGH_GMAC);
        assertThat(s.ciphering()).isTrue();
        assertThat(s.keys().blockCipherKey()).isEqualTo(HexFormat.of().parseHex(EK));
        assertThat(s.keys().authenticationKey()).isEqualTo(HexFormat.of().parseHex(AK));
        assertThat(s.systemTitle()).isEqualTo(HexFormat.of().parseHex("4644430000000001"));
        assertThat(s.counters()).isSameAs(ic);
        assertThat(s.responseTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(hls.toString()).doesNotContain(EK).doesNotContain(AK);

        AssociationSettings lls = inv.meter("m-00002").orElseThrow().security().settings(null, Duration.ofSeconds(5), null);
        assertThat(lls.authentication()).isEqualTo(Authentication.LOW);
        assertThat(lls.password()).isEqualTo("secret".getBytes());
    }

    @ParameterizedTest(name = "{0}")
    @Tag("SEC-5")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            none                   | {"authentication": "none"}                                                   | none             | true
            low                    | {"authentication": "low", "password": "secret"}                              | low              | true
            high-gmac in clear     | {"authentication": "high-gmac", ciphering: false, KEYS}                      | high-gmac        | true
            none, ciphered         | {"authentication": "none", "ciphering": true, KEYS}                          | none+suite0      | true
            high-gmac and suite 0  | {"authentication": "high-gmac", "ciphering": true, KEYS}                     | high-gmac+suite0 | false
            """)
    void onlyHlsGmacWithSuite0IsSecureAndAnythingElseIsFlagged(String what, String security, String label,
            boolean insecure) throws Exception {
        String keys = "\"encryptionKey\": \"%s\", \"authenticationKey\": \"%s\", \"systemTitle\": \"4644430000000001\""
                .formatted(EK, AK);
        Inventory inv = InventoryParser.parse("""
                {"meters": [{"id": "m-1", "deviceType": "T", "tcp": "h:1", "security": %s}]}
                """.formatted(security.replace("ciphering: false", "\"ciphering\": false").replace("KEYS", keys)),
                "meters.json");
        MeterInfo info = inv.meter("m-1").orElseThrow().info();
        assertThat(info.security()).as(what).isEqualTo(label);
        assertThat(info.insecure()).as(what).isEqualTo(insecure);
    }

    @Test
    @Tag("SEC-5")
    @Tag("SEC-1")
    void theShippedExampleIsCipheredHoldsNoKeysAndIsRefusedUntilItsPlaceholdersAreReplaced() throws Exception {
        String example = Files.readString(Path.of("../../features/dcu/src/main/dist/conf/meters.example.json"));
        assertThatThrownBy(() -> InventoryParser.parse(example, "meters.example.json"))
                .isInstanceOfSatisfying(FumsException.class, e -> assertThat(e.getMessage())
                        .contains("meter m-00001: security: systemTitle must be 16 hex digits"));
        Inventory inv = InventoryParser.parse(example.replace("REPLACE-DCU-TITLE", "4644430000000001"), "meters.json");
        assertThat(inv.meters()).hasSize(2).allSatisfy(m -> {
            assertThat(m.info().security()).isEqualTo(MeterInfo.SECURE);
            assertThat(m.info().insecure()).isFalse();
            assertThat(m.security().keys()).as("keys come from the key store (SEC-1)").isNull();
        });
    }

    @Test
    @Tag("SEC-1")
    void aMeterMayReferToTheKeyStoreInsteadOfHoldingPlaintextKeys() throws Exception {
        Inventory inv = InventoryParser.parse("""
                {"meters": [{"id": "m-1", "deviceType": "T", "tcp": "h:1", "security": {"authentication": "high-gmac",
                 "ciphering": true, "keyRef": "store", "systemTitle": "4644430000000001"}}]}
                """, "meters.json");
        Inventory.SecuritySpec s = inv.meter("m-1").orElseThrow().security();
        assertThat(s.keys()).isNull();
        assertThat(s.usesCounters()).isTrue();
        assertThat(inv.meter("m-1").orElseThrow().info().insecure()).isFalse();
    }

    @Test
    void aMissingFileIsNoInventoryAndAnEmptyOneHasNoMeters() throws Exception {
        assertThat(InventoryParser.load(dir.resolve("absent.json"))).isEmpty();
        Files.writeString(dir.resolve("empty.json"), "{}");
        assertThat(InventoryParser.load(dir.resolve("empty.json")).orElseThrow().meters()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            not JSON                 | {"meters": [                                                                  | not valid JSON
            not an object            | [1, 2]                                                                        | not a JSON object
            unknown top-level field  | {"meter": []}                                                                 | unknown field meter
            meters not an array      | {"meters": {}}                                                                | meters must be an array
            meter not an object      | {"meters": [1]}                                                               | every entry of meters must be an object
            duplicate meter id       | {"meters": [{"id": "m-1", "deviceType": "T", "tcp": "h:1", "security": {"authentication": "none"}}, {"id": "m-1", "deviceType": "T", "tcp": "h:2", "security": {"authentication": "none"}}]} | meter id m-1 is used twice
            missing id               | {"meters": [{"deviceType": "T", "tcp": "h:1"}]}                                | a meter: id is required
            bad meter id             | {"meters": [{"id": "m 1", "deviceType": "T", "tcp": "h:1"}]}                   | meter m 1: id must be
            missing device type      | {"meters": [{"id": "m-1", "tcp": "h:1"}]}                                      | meter m-1: deviceType is required
            bad device type          | {"meters": [{"id": "m-1", "deviceType": "A B", "tcp": "h:1"}]}                 | meter m-1: deviceType: invalid device type
            unknown meter field      | {"meters": [{"id": "m-1", "deviceType": "T", "tcp": "h:1", "port": 1}]}        | meter m-1: unknown field port
            no endpoint              | {"meters": [{"id": "m-1", "deviceType": "T"}]}                                 | meter m-1: give exactly one of tcp
            two endpoints            | {"links": [{"id": "a"}], "meters": [{"id": "m-1", "deviceType": "T", "tcp": "h:1", "link": "a", "hdlcAddress": 17}]} | give exactly one of tcp
            bad tcp port             | {"meters": [{"id": "m-1", "deviceType": "T", "tcp": "h:99999"}]}               | meter m-1: tcp must be HOST:PORT
            tcp without port         | {"meters": [{"id": "m-1", "deviceType": "T", "tcp": "h"}]}                     | meter m-1: tcp must be HOST:PORT
            hdlc address on tcp      | {"meters": [{"id": "m-1", "deviceType": "T", "tcp": "h:1", "hdlcAddress": 17}]} | hdlcAddress is for meters on a serial link
            unknown link             | {"links": [{"id": "rs485-a"}], "meters": [{"id": "m-1", "deviceType": "T", "link": "rs485-x", "hdlcAddress": 17}]} | meter m-1: unknown link rs485-x (declared links: rs485-a)
            missing hdlc address     | {"links": [{"id": "a"}], "meters": [{"id": "m-1", "deviceType": "T", "link": "a"}]} | meter m-1: hdlcAddress is required on link a
            hdlc address too small   | {"links": [{"id": "a"}], "meters": [{"id": "m-1", "deviceType": "T", "link": "a", "hdlcAddress": 3}]} | hdlcAddress must be 16..16381, not 3
            hdlc address not integer | {"links": [{"id": "a"}], "meters": [{"id": "m-1", "deviceType": "T", "link": "a", "hdlcAddress": 17.5}]} | hdlcAddress must be an integer
            duplicate hdlc address   | {"links": [{"id": "a"}], "meters": [{"id": "m-1", "deviceType": "T", "link": "a", "hdlcAddress": 17, "security": {"authentication": "none"}}, {"id": "m-2", "deviceType": "T", "link": "a", "hdlcAddress": 17, "security": {"authentication": "none"}}]} | meter m-2: hdlc a @0x11 logical device 1 is also meter m-1
            duplicate tcp endpoint   | {"meters": [{"id": "m-1", "deviceType": "T", "tcp": "h:1", "security": {"authentication": "none"}}, {"id": "m-2", "deviceType": "T", "tcp": "h:1", "security": {"authentication": "none"}}]} | meter m-2: tcp h:1 logical device 1 is also meter m-1
            client SAP out of range  | {"meters": [{"id": "m-1", "deviceType": "T", "tcp": "h:1", "clientSap": 300}]} | clientSap must be 1..127
            duplicate link id        | {"links": [{"id": "a"}, {"id": "a"}]}                                          | link id a is declared twice
            unknown link type        | {"links": [{"id": "a", "type": "radio"}]}                                      | link a: type must be serial
            unknown link field       | {"links": [{"id": "a", "baud": 9600}]}                                         | link a: unknown field baud
            unknown authentication   | {"meters": [{"id": "m-1", "deviceType": "T", "tcp": "h:1", "security": {"authentication": "high-md5"}}]} | authentication must be none, low, high-gmac or high-ecdsa, not high-md5
            low without password     | {"meters": [{"id": "m-1", "deviceType": "T", "tcp": "h:1", "security": {"authentication": "low"}}]} | low authentication needs a password
            hls without keys         | {"meters": [{"id": "m-1", "deviceType": "T", "tcp": "h:1", "security": {"authentication": "high-gmac"}}]} | high-gmac needs encryptionKey (32 hex digits)
            short key                | {"meters": [{"id": "m-1", "deviceType": "T", "tcp": "h:1", "security": {"authentication": "none", "ciphering": true, "encryptionKey": "0011", "authenticationKey": "00112233445566778899aabbccddeeff", "systemTitle": "0011223344556677"}}]} | encryptionKey must be 32 hex digits (16 octets)
            key not hex              | {"meters": [{"id": "m-1", "deviceType": "T", "tcp": "h:1", "security": {"authentication": "none", "ciphering": true, "encryptionKey": "zz112233445566778899aabbccddeeff", "authenticationKey": "00112233445566778899aabbccddeeff", "systemTitle": "0011223344556677"}}]} | encryptionKey must be 32 hex digits
            missing system title     | {"meters": [{"id": "m-1", "deviceType": "T", "tcp": "h:1", "security": {"authentication": "none", "ciphering": true, "encryptionKey": "00112233445566778899aabbccddeeff", "authenticationKey": "00112233445566778899aabbccddeeff"}}]} | ciphering needs systemTitle (16 hex digits)
            bad system title         | {"meters": [{"id": "m-1", "deviceType": "T", "tcp": "h:1", "security": {"authentication": "none", "ciphering": true, "encryptionKey": "00112233445566778899aabbccddeeff", "authenticationKey": "00112233445566778899aabbccddeeff", "systemTitle": "0011"}}]} | systemTitle must be 16 hex digits (8 octets)
            keyRef not store         | {"meters": [{"id": "m-1", "deviceType": "T", "tcp": "h:1", "security": {"authentication": "high-gmac", "ciphering": true, "keyRef": "file", "systemTitle": "0011223344556677"}}]} | keyRef must be "store"
            keyRef and keys          | {"meters": [{"id": "m-1", "deviceType": "T", "tcp": "h:1", "security": {"authentication": "high-gmac", "ciphering": true, "keyRef": "store", "encryptionKey": "00112233445566778899aabbccddeeff", "systemTitle": "0011223344556677"}}]} | give keyRef or the keys, not both
            keyRef without keys used | {"meters": [{"id": "m-1", "deviceType": "T", "tcp": "h:1", "security": {"authentication": "none", "keyRef": "store"}}]} | keyRef is for high-gmac, high-ecdsa or ciphered meters
            ciphering not boolean    | {"meters": [{"id": "m-1", "deviceType": "T", "tcp": "h:1", "security": {"authentication": "none", "ciphering": "yes"}}]} | ciphering must be true or false
            unknown security field   | {"meters": [{"id": "m-1", "deviceType": "T", "tcp": "h:1", "security": {"key": "x"}}]} | security: unknown field key
            security not an object   | {"meters": [{"id": "m-1", "deviceType": "T", "tcp": "h:1", "security": "none"}]} | security must be an object
            security not said        | {"meters": [{"id": "m-1", "deviceType": "T", "tcp": "h:1"}]}                   | meter m-1: security is required (SEC-5): write "security": {"authentication": "high-gmac", "ciphering": true
            authentication not said  | {"meters": [{"id": "m-1", "deviceType": "T", "tcp": "h:1", "security": {"ciphering": false}}]} | meter m-1: security: authentication is required (SEC-5)
            id not a string          | {"meters": [{"id": 7, "deviceType": "T", "tcp": "h:1"}]}                       | id must be a string
            trailing data            | {"meters": []} {}                                                             | not valid JSON
            lenient JSON             | {meters: []}                                                                  | not valid JSON
            """)
    void badInventoriesAreRefusedWithAClearMessage(String what, String json, String message) {
        assertThatThrownBy(() -> InventoryParser.parse(json, "meters.json"))
                .as(what)
                .isInstanceOfSatisfying(FumsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(e.getMessage()).startsWith("inventory meters.json: ").contains(message);
                });
    }

    @Test
    void aFileTooLargeOrUnreadableIsRefused() throws Exception {
        Path big = dir.resolve("big.json");
        Files.write(big, new byte[(int) InventoryParser.MAX_FILE_BYTES + 1]);
        assertThatThrownBy(() -> InventoryParser.load(big)).isInstanceOfSatisfying(FumsException.class,
                e -> assertThat(e.getMessage()).contains("larger than"));
        assertThatThrownBy(() -> InventoryParser.load(dir)).isInstanceOfSatisfying(FumsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID));
    }
}
