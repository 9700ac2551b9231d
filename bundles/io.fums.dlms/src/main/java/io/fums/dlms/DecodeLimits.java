package io.fums.dlms;

/**
 * Bounds applied by every decoder before it allocates or recurses.
 *
 * <p>Whatever the limits, a decoder never allocates more than the input it
 * was given can describe: every declared length is checked against the bytes
 * that remain before anything is allocated. These limits bound the input
 * further: {@code maxLength} caps any single declared length (string length,
 * element count, bit count divided by eight), {@code maxNestingDepth} caps
 * nested arrays and structures.
 *
 * @param maxNestingDepth deepest nesting of arrays/structures accepted, 1 to
 *                        {@link #HARD_MAX_NESTING_DEPTH}
 * @param maxLength       largest declared length accepted, at least 1
 */
public record DecodeLimits(int maxNestingDepth, int maxLength) {

    /** Hard cap on nesting, whatever is configured: keeps recursion shallow. */
    public static final int HARD_MAX_NESTING_DEPTH = 64;

    /**
     * Defaults that fit every object the DCU reads: nesting 16 (profile
     * buffers need 3), lengths up to 1 MiB (a reassembled block transfer).
     */
    public static final DecodeLimits DEFAULT = new DecodeLimits(16, 1 << 20);

    /** Validates the bounds. */
    public DecodeLimits {
        if (maxNestingDepth < 1 || maxNestingDepth > HARD_MAX_NESTING_DEPTH) {
            throw new IllegalArgumentException("maxNestingDepth must be 1.." + HARD_MAX_NESTING_DEPTH);
        }
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be positive");
        }
    }
}
