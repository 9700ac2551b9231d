package io.fums.dlms.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.dlms.DlmsException;
import io.fums.testsupport.Conditions;
import org.junit.jupiter.api.Test;

class PipeLinkTest {

    @Test
    void carriesBytesBothWaysWithTimeoutsAndEndOfStream() throws Exception {
        PipeLink[] p = PipeLink.pair("t");
        byte[] buf = new byte[16];
        long start = System.nanoTime();
        assertThat(p[0].read(buf, 0, buf.length, 50)).isZero();
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(45);
        p[0].write(new byte[] {1, 2, 3});
        p[1].write(new byte[] {9});
        assertThat(p[1].read(buf, 0, 2, 10)).isEqualTo(2);
        assertThat(buf[1]).isEqualTo((byte) 2);
        assertThat(p[1].read(buf, 0, 16, 10)).isEqualTo(1);
        assertThat(p[0].read(buf, 0, 16, 10)).isEqualTo(1);
        p[0].write(new byte[] {7});
        p[0].close();
        assertThat(p[1].read(buf, 0, 16, 10)).isEqualTo(1); // what was written before the close
        assertThat(p[1].read(buf, 0, 16, 10)).isEqualTo(-1);
        assertThat(p[1].isOpen()).isFalse();
        assertThatThrownBy(() -> p[1].write(new byte[1])).isInstanceOf(DlmsException.class)
                .hasMessage("pipe t (b): link is closed");
    }

    @Test
    void writerToAPeerThatDoesNotReadTimesOut() {
        PipeLink[] p = PipeLink.pair("full", 8, 50);
        assertThatThrownBy(() -> p[0].write(new byte[20])).isInstanceOf(DlmsException.class)
                .hasMessageContaining("peer has not read for 50 ms")
                .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_UNREACHABLE);
    }

    @Test
    void closeWakesABlockedReader() throws Exception {
        PipeLink[] p = PipeLink.pair("wake");
        int[] got = new int[1];
        Thread t = new Thread(() -> {
            try {
                got[0] = p[1].read(new byte[4], 0, 4, 60_000);
            } catch (DlmsException e) {
                got[0] = -2;
            }
        });
        t.start();
        Conditions.await("the reader blocks").until(() -> t.getState() == Thread.State.TIMED_WAITING);
        p[1].close();
        t.join(2000);
        assertThat(got[0]).isEqualTo(-1);
    }
}
