package io.fums.dlms.apdu;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.DlmsCodecException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** decode(encode(apdu)) == apdu and encode(decode(bytes)) == bytes for every APDU variant, in both directions. */
class ApduRoundTripTest {

    static Stream<Apdu> samples() {
        return ApduSamples.all().stream();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void roundTrips(Apdu apdu) throws DlmsCodecException {
        byte[] bytes = apdu.encode();
        Apdu decoded = Apdus.decode(bytes);
        assertThat(decoded).isEqualTo(apdu);
        assertThat(decoded.hashCode()).isEqualTo(apdu.hashCode());
        assertThat(decoded.encode()).isEqualTo(bytes);
        assertThat(decoded.toString()).isNotBlank();
    }
}
