package io.fums.dlms.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fums.dlms.DecodeLimits;
import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.apdu.Aare;
import io.fums.dlms.apdu.Aarq;
import io.fums.dlms.apdu.Apdu;
import io.fums.dlms.apdu.ApduSamples;
import io.fums.dlms.apdu.Apdus;
import io.fums.dlms.axdr.Axdr;
import io.fums.dlms.axdr.DataSamples;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.hdlc.HdlcAddress;
import io.fums.dlms.hdlc.HdlcControl;
import io.fums.dlms.hdlc.HdlcFrame;
import io.fums.dlms.hdlc.HdlcFrameReader;
import io.fums.dlms.hdlc.HdlcParameters;
import io.fums.dlms.hdlc.HdlcVectors;
import io.fums.dlms.hdlc.Llc;
import io.fums.dlms.internal.Hex;
import io.fums.dlms.wrapper.WrapperPdu;
import io.fums.dlms.wrapper.WrapperReader;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Robustness of every decoder against random and mutated input (SEC-2: a
 * meter that sends garbage cannot hang or crash the DCU). Each decoder gets
 * {@value #CASES} seeded, reproducible cases (after {@value #WARM_UP} warm-up
 * cases) derived from valid encodings by {@link Mutator}. For every case: the only exception allowed is
 * {@link DlmsCodecException}; the case finishes (each batch runs under
 * {@code assertTimeoutPreemptively}, and the slowest case is bounded); the
 * decoded result is no larger than the input; and the bytes the decoding
 * thread allocated stay within {@value #ALLOCATION_FACTOR} times the input
 * plus a constant. A failure names the decoder, seed, case and input.
 */
@Tag("SEC-2")
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one count of cases over all tests
class CodecFuzzTest {

    static final int CASES = 30_000;
    static final int WARM_UP = 3_000;
    static final int ALLOCATION_FACTOR = 16;
    static final long ALLOCATION_CONSTANT = 64 * 1024; // a reader's fixed buffers, exception objects
    static final long SEED = Long.getLong("fums.fuzz.seed", 0x62056L);
    static final DecodeLimits LIMITS = DecodeLimits.DEFAULT;

    private final AtomicLong totalCases = new AtomicLong();

    @FunctionalInterface
    interface Decoder {
        Object decode(byte[] input, Random random) throws DlmsCodecException;
    }

    @FunctionalInterface
    interface Check {
        void check(byte[] input, Object decoded) throws Exception;
    }

    @AfterAll
    void atLeastOneHundredThousandCases() {
        assertThat(totalCases.get()).isGreaterThanOrEqualTo(100_000);
    }

    @Test
    void axdrDecoder() {
        List<byte[]> corpus = new ArrayList<>();
        for (DataValue v : DataSamples.all()) {
            corpus.add(Axdr.encode(v));
        }
        run("A-XDR", corpus, 1, (in, r) -> Axdr.decode(in, LIMITS), (in, out) -> {
            DataValue v = (DataValue) out;
            assertThat(nodes(v)).isLessThanOrEqualTo(in.length);
            assertThat(Axdr.encode(v).length).isLessThanOrEqualTo(in.length);
            assertThat(Axdr.decode(Axdr.encode(v), LIMITS)).isEqualTo(v);
        });
    }

    @Test
    void apduDecoder() throws DlmsCodecException {
        List<byte[]> corpus = new ArrayList<>();
        for (Apdu a : ApduSamples.all()) {
            corpus.add(a.encode());
        }
        for (String hex : new String[] {HdlcVectors.KNOGI_AARE, HdlcVectors.GURUX_AARQ, HdlcVectors.KMETHY_AARQ}) {
            byte[] info = HdlcFrame.decode(Hex.parse(hex)).information();
            corpus.add(Arrays.copyOfRange(info, 3, info.length)); // the APDU after the LLC header
        }
        run("APDU", corpus, 2, (in, r) -> {
            Apdu a = Apdus.decode(in, LIMITS);
            if (a instanceof Aarq q && q.userInformation() != null) {
                try {
                    q.initiateRequest(LIMITS);
                } catch (DlmsCodecException nested) {
                    // a bad user-information is a codec error too; the outer APDU still decoded
                }
            } else if (a instanceof Aare e && e.userInformation() != null) {
                try {
                    e.initiateOutcome(LIMITS);
                } catch (DlmsCodecException nested) {
                    // as above
                }
            }
            return a;
        }, (in, out) -> {
            Apdu a = (Apdu) out;
            byte[] again = a.encode();
            assertThat(again.length).isLessThanOrEqualTo(2 * in.length);
            assertThat(Apdus.decode(again, LIMITS)).isEqualTo(a);
        });
    }

    @Test
    void hdlcFrameReaderAndFrameDecoders() {
        List<byte[]> frames = new ArrayList<>();
        for (String hex : HdlcVectors.ALL) {
            frames.add(Hex.parse(hex));
        }
        for (Apdu a : ApduSamples.all()) {
            byte[] info = Llc.wrap(a.encode(), true);
            if (info.length < 2000) {
                frames.add(new HdlcFrame(HdlcAddress.of(1, 0x11), HdlcAddress.of(0x10), HdlcControl.information(3, 5,
                        true), false, info).encode());
            }
        }
        List<byte[]> streams = new ArrayList<>();
        Random pick = new Random(SEED);
        for (int i = 0; i < 64; i++) {
            ByteArrayOutputStream s = new ByteArrayOutputStream();
            for (int j = 0, n = 1 + pick.nextInt(4); j < n; j++) {
                s.writeBytes(frames.get(pick.nextInt(frames.size())));
            }
            streams.add(s.toByteArray());
        }
        streams.addAll(frames);
        run("HDLC", streams, 3, (in, r) -> {
            HdlcFrameReader reader = new HdlcFrameReader();
            List<HdlcFrame> out = new ArrayList<>();
            for (int off = 0; off < in.length;) {
                int n = Math.min(in.length - off, 1 + r.nextInt(64));
                out.addAll(reader.feed(in, off, n));
                off += n;
                if (reader.buffered() > 2 * (HdlcFrame.MAX_FRAME_LENGTH + 2)) {
                    throw new IllegalStateException("reader holds " + reader.buffered() + " bytes");
                }
            }
            try {
                HdlcFrame single = HdlcFrame.decode(in);
                HdlcParameters.decode(single.information());
            } catch (DlmsCodecException expected) {
                // most mutations are not a single valid frame, or carry no parameters
            }
            return out;
        }, (in, out) -> {
            @SuppressWarnings("unchecked")
            List<HdlcFrame> got = (List<HdlcFrame>) out;
            long info = 0;
            for (HdlcFrame f : got) {
                info += f.informationLength() + 8; // 7 bytes of frame at least, plus one flag (flags may be shared)
                assertThat(HdlcFrame.decode(f.encode())).isEqualTo(f);
            }
            assertThat(info).isLessThanOrEqualTo(in.length);
        });
    }

    @Test
    void wrapperReader() {
        List<byte[]> corpus = new ArrayList<>();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Apdu a : ApduSamples.all()) {
            byte[] pdu = new WrapperPdu(0x10, 0x01, a.encode()).encode();
            corpus.add(pdu);
            all.writeBytes(pdu);
        }
        corpus.add(all.toByteArray());
        run("wrapper", corpus, 4, (in, r) -> {
            WrapperReader reader = new WrapperReader();
            List<WrapperPdu> out = new ArrayList<>();
            for (int off = 0; off < in.length;) {
                int n = Math.min(in.length - off, 1 + r.nextInt(256));
                out.addAll(reader.feed(in, off, n));
                off += n;
            }
            if (in.length >= 8) {
                try {
                    WrapperPdu.decode(in);
                } catch (DlmsCodecException expected) {
                    // not a single datagram
                }
            }
            return out;
        }, (in, out) -> {
            @SuppressWarnings("unchecked")
            List<WrapperPdu> got = (List<WrapperPdu>) out;
            long bytes = 0;
            for (WrapperPdu p : got) {
                bytes += p.apduLength() + 8;
            }
            assertThat(bytes).isLessThanOrEqualTo(in.length);
        });
    }

    private void run(String name, List<byte[]> corpus, long salt, Decoder decoder, Check check) {
        long seed = SEED * 31 + salt;
        long slowest = assertTimeoutPreemptively(Duration.ofSeconds(25), () -> {
            Random random = new Random(seed);
            Mutator mutator = new Mutator(random);
            long worst = 0;
            long maxAllocated = 0;
            int decoded = 0;
            // the first WARM_UP cases load classes and compile code; their allocation is not the decoder's
            for (int i = -WARM_UP; i < CASES; i++) {
                byte[] input = i >= 0 && i < corpus.size() ? corpus.get(i)
                        : mutator.mutate(corpus.get(random.nextInt(corpus.size())));
                Random caseRandom = new Random(random.nextLong());
                long allocatedBefore = allocatedBytes();
                long start = System.nanoTime();
                Object out = null;
                try {
                    out = decoder.decode(input, caseRandom);
                } catch (DlmsCodecException expected) {
                    // the one exception a decoder may throw
                } catch (Throwable t) {
                    throw new AssertionError(describe(name, seed, i, input) + " threw " + t, t);
                }
                long elapsed = System.nanoTime() - start;
                long allocated = allocatedBytes() - allocatedBefore;
                worst = Math.max(worst, elapsed);
                if (i >= 0) {
                    maxAllocated = Math.max(maxAllocated, allocated);
                }
                if (i >= 0 && allocated > ALLOCATION_FACTOR * (long) input.length + ALLOCATION_CONSTANT) {
                    throw new AssertionError(describe(name, seed, i, input) + " allocated " + allocated + " bytes");
                }
                if (out != null) {
                    decoded += i >= 0 ? 1 : 0;
                    try {
                        check.check(input, out);
                    } catch (Throwable t) {
                        throw new AssertionError(describe(name, seed, i, input) + " decoded to " + out + ": " + t, t);
                    }
                }
            }
            assertThat(decoded).as(name + ": some cases must still decode").isPositive();
            System.out.printf("fuzz %-7s seed %d: %d cases, %d decoded, %d refused with DlmsCodecException,"
                    + " slowest %.2f ms, largest allocation %d bytes%n", name, seed, CASES, decoded, CASES - decoded,
                    worst / 1e6, maxAllocated);
            return worst;
        });
        assertThat(Duration.ofNanos(slowest)).as(name + ": slowest single case").isLessThan(Duration.ofSeconds(2));
        totalCases.addAndGet(CASES);
    }

    private static String describe(String name, long seed, int index, byte[] input) {
        String hex = Hex.format(input);
        return name + " case " + index + " (seed " + seed + ", " + input.length + " bytes: "
                + (hex.length() > 600 ? hex.substring(0, 600) + " ..." : hex) + ")";
    }

    private static long nodes(DataValue root) {
        long count = 0;
        Deque<DataValue> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            DataValue v = todo.pop();
            count++;
            if (v instanceof DataValue.Array a) {
                a.elements().forEach(todo::push);
            } else if (v instanceof DataValue.Structure s) {
                s.elements().forEach(todo::push);
            }
        }
        return count;
    }

    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadAllocatedMemorySupported()) {
            return bean.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return 0;
    }
}
