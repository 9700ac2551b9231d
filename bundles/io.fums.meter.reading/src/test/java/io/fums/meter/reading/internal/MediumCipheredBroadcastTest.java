package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fums.api.error.ErrorCode;
import io.fums.dlms.DlmsException;
import io.fums.dlms.apdu.ActionRequest;
import io.fums.dlms.apdu.InvokeIdAndPriority;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.ImageTransferClient;
import io.fums.dlms.cosem.ImageTransfer;
import io.fums.emulator.meter.config.MeterKeys;
import io.fums.emulator.meter.image.ImageHeader;
import io.fums.emulator.meter.image.ImageSigner;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.meter.access.MediumBroadcaster;
import io.fums.meter.access.MeterMedium;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code MediumBroadcaster.sendCiphered} and {@code MeterMedium.ciphered} (io.fums.meter.access 1.1) on a shared
 * emulated medium (SEC-3, SM-9): once the DCU holds the medium's broadcast key, its ciphering meters are listed
 * and take image blocks glo-ciphered with it while a meter in clear ignores them; the broadcast invocation counter
 * is reserved durably before a frame leaves, so after a DCU restart (a new service on the same database) no
 * counter is sent twice: the meters refuse none.
 */
@Tag("SEC-3")
@Tag("SM-9")
class MediumCipheredBroadcastTest {

    private static final KeyPair vendor = VendorKeys.generate();
    private static final int BLOCK = 64;
    private static final int BLOCKS = 12;
    @TempDir
    Path dir;

    @Test
    void cipheringMeterstakeACipheredBroadcastAndARestartNeverReusesABroadcastCounter() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is not installed (apt-get install socat)");
        Path bus = dir.resolve("bus");
        byte[] image = ImageSigner.build(new ImageHeader("2.0.0", "FUMS-EM-1", 0), BLOCK * BLOCKS, 7, vendor.getPrivate());
        try (Fixtures.Emulated emu = Fixtures.emulate(dir, vendor, """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "media": [{"id": "bus", "pty": "%s", "link": {"baud": 38400}}], "defaults": {"blockSize": %d},
                 "groups": [{"id": "b", "count": 1, "medium": "bus", "hdlcAddressBase": 17,
                             "security": {"authentication": "none"}},
                            {"id": "c", "count": 2, "medium": "bus", "hdlcAddressBase": 40}]}
                """.formatted(bus, BLOCK));
             Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"))) {
            List<String> ciphered = List.of("c-00001", "c-00002");
            MeterKeys seed = MeterKeys.load(emu.config().stateDirOrDefault());
            try (MeterReadingService s = service(dcu, emu, bus)) {
                assertThat(s.medium("c-00001").orElseThrow().ciphered()).as("no broadcast key yet").isEmpty();
                assertThatThrownBy(() -> s.broadcaster("c-00001").sendCiphered(block(image, 0)))
                        .isInstanceOfSatisfying(DlmsException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_MISSING));
                s.provisionBroadcast("bus", seed.broadcastKey("bus"), seed.broadcastAuthenticationKey("bus"));
                assertThat(s.medium("c-00002")).contains(new MeterMedium("bus", List.of("b-00001", "c-00001",
                        "c-00002"), Set.of("b-00001"), Set.copyOf(ciphered)));
                broadcast(s, ciphered, image, 0, BLOCKS / 2, false);
            }
            long reserved = new BroadcastCiphers(new MeterKeyStore(dcu.db, dcu.kek, dcu.clock),
                    new CounterStore(dcu.db, dcu.clock)).storedCounter("bus");
            assertThat(reserved).as("stored above every counter sent").isGreaterThan(BLOCKS / 2);
            // the DCU restarts: a new service on the same database goes on with counters never sent
            try (MeterReadingService s = service(dcu, emu, bus)) {
                broadcast(s, ciphered, image, BLOCKS / 2, BLOCKS, true);
            }
            for (String m : ciphered) {
                assertThat(emu.emulator().population().meter(m).status().replaysRefused())
                        .as(m + ": broadcast counters refused").isZero();
            }
            assertThat(emu.emulator().population().meter("b-00001").status().blocksReceived())
                    .as("a meter in clear ignores a ciphered broadcast").isZero();
        }
    }

    private static MeterReadingService service(Fixtures.Dcu dcu, Fixtures.Emulated emu, Path bus) throws Exception {
        MeterReadingService s = dcu.service(emu.inventory(), 60, 5, Map.of("bus", Fixtures.serial("bus", bus)));
        s.lineRate("bus", 38400 / 10);
        return s;
    }

    /** Opens the ciphering meters' associations, broadcasts blocks [from, to) ciphered, checks what they hold. */
    private static void broadcast(MeterReadingService s, List<String> meters, byte[] image, int from, int to,
            boolean resumed) throws Exception {
        List<DlmsClient> open = new ArrayList<>();
        try {
            for (String m : meters) {
                DlmsClient c = s.open(m);
                open.add(c);
                ImageTransferClient it = new ImageTransferClient(c);
                if (!resumed) {
                    it.enable(true);
                    it.initiate("2.0.0".getBytes(StandardCharsets.US_ASCII), image.length);
                }
                assertThat(it.firstNotTransferredBlock()).as(m).isEqualTo(from);
            }
            MediumBroadcaster out = s.broadcaster("c-00001");
            for (int n = from; n < to; n++) {
                out.sendCiphered(block(image, n));
            }
            for (DlmsClient c : open) {
                assertThat(new ImageTransferClient(c).firstNotTransferredBlock()).as(c.name()).isEqualTo(to);
            }
        } finally {
            open.forEach(DlmsClient::close);
        }
    }

    private static byte[] block(byte[] image, int n) {
        return new ActionRequest.Normal(InvokeIdAndPriority.unconfirmed(n & 0x0F), ImageTransfer.IMAGE_BLOCK_TRANSFER,
                new ImageTransfer.BlockParameters(n, Arrays.copyOfRange(image, n * BLOCK, (n + 1) * BLOCK))
                        .toDataValue()).encode();
    }
}
