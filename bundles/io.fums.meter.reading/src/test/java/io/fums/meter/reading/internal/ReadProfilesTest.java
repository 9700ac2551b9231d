package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.cosem.CosemAttributeDescriptor;
import io.fums.dlms.cosem.CosemObjects;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What a meter lacks is remembered per meter, and learnt again after a firmware change (issue 12 item 12). */
@Tag("SM-8")
class ReadProfilesTest {

    private static final CosemAttributeDescriptor EXPORT =
            CosemObjects.register(CosemObjects.ACTIVE_ENERGY_EXPORT, CosemObjects.REGISTER_VALUE);

    @Test
    void whatAMeterLacksIsKeptPerMeterAndForgottenWhenItsFirmwareChanges() {
        ReadProfiles p = new ReadProfiles();
        p.firmware("m-1", "1.0.0");
        p.of("m-1").lacking(EXPORT, DataAccessResult.OBJECT_UNDEFINED);
        p.of("m-1").useSingleGets();
        p.firmware("m-1", "1.0.0");
        assertThat(p.of("m-1").lacks(EXPORT)).isEqualTo(DataAccessResult.OBJECT_UNDEFINED);
        assertThat(p.of("m-1").singleGets()).isTrue();
        assertThat(p.of("m-2").lacks(EXPORT)).as("per meter").isNull();

        p.firmware("m-1", "2.0.0");
        assertThat(p.of("m-1").lacks(EXPORT)).as("learnt again under the new firmware").isNull();
        assertThat(p.of("m-1").singleGets()).isFalse();

        p.of("m-2").lacking(EXPORT, DataAccessResult.READ_WRITE_DENIED);
        p.retain(List.of("m-1"));
        assertThat(p.of("m-2").lacks(EXPORT)).as("forgotten when the meter left the inventory").isNull();
    }

    @Test
    void onlyAnswersThatALaterReadWouldMeetAgainAreRemembered() {
        assertThat(ReadProfiles.permanent(DataAccessResult.OBJECT_UNDEFINED)).isTrue();
        assertThat(ReadProfiles.permanent(DataAccessResult.OBJECT_UNAVAILABLE)).isTrue();
        assertThat(ReadProfiles.permanent(DataAccessResult.READ_WRITE_DENIED)).isTrue();
        assertThat(ReadProfiles.permanent(DataAccessResult.TEMPORARY_FAILURE)).isFalse();
        assertThat(ReadProfiles.permanent(DataAccessResult.HARDWARE_FAULT)).isFalse();
    }
}
