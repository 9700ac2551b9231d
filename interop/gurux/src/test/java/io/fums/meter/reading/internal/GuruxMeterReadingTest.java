package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.interop.gurux.meter.GuruxMeter;
import io.fums.interop.gurux.meter.GuruxMeterConfig;
import io.fums.interop.gurux.meter.GuruxMeterServer;
import io.fums.interop.gurux.meter.ProjectClient;
import io.fums.testsupport.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The DCU's periodic reading ({@link MeterReader}, package-private, hence
 * this package) against a Gurux meter that has no export register (issue 15):
 * its GET-with-list naming the missing register meets Gurux's deviation (a
 * response cut short, see GuruxMeterDeviationsTest). The reader falls back
 * to single GETs in the same association, learns what the meter lacks, and
 * the next reading asks only for what exists, in one GET-with-list that
 * Gurux answers well.
 */
@Tag("SEC-2")
@Tag("CARD-4")
class GuruxMeterReadingTest {

    @Test
    void theReaderCopesWithGuruxsGetWithListAndThenAsksOnlyForWhatExists() throws Exception {
        GuruxMeterConfig config = GuruxMeterConfig.hlsGmac("GRX-R", "GRX00003".getBytes(StandardCharsets.US_ASCII),
                "0123456789abcdef".getBytes(StandardCharsets.US_ASCII),
                "fedcba9876543210".getBytes(StandardCharsets.US_ASCII), 512, false);
        Instant now = Instant.parse("2026-12-07T10:00:00Z");
        try (GuruxMeterServer server = GuruxMeterServer.start(new GuruxMeter(config, new MutableClock(now)), 0)) {
            DlmsClient c = ProjectClient.connect(server, config);
            try {
                ReadProfiles.Profile profile = new ReadProfiles.Profile();
                Map<String, String> first = MeterReader.reading(c, profile);
                assertThat(first.get(MeterReader.IMPORT)).isEqualTo("5000 Wh");
                assertThat(first.get(MeterReader.EXPORT)).startsWith("error: ").contains("undefined");
                assertThat(first.get(MeterReader.CLOCK)).isEqualTo("2026-12-07T10:00Z");
                assertThat(first.get(MeterReader.FIRMWARE)).isEqualTo("1.0.0");
                assertThat(profile.lacking().keySet()).as("learnt: no export register")
                        .allMatch(a -> a.instance().equals(CosemObjects.ACTIVE_ENERGY_EXPORT)).hasSize(2);
                assertThat(profile.singleGets()).as("lists still used with this meter").isFalse();

                long before = server.requests();
                Map<String, String> second = MeterReader.reading(c, profile);
                assertThat(server.requests() - before).as("one GET-with-list of the four that exist").isEqualTo(1);
                assertThat(second).isEqualTo(first);
            } finally {
                c.close();
            }
        }
    }
}
