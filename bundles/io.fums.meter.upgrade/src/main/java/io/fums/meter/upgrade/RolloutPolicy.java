package io.fums.meter.upgrade;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a campaign rolls out: in waves (a canary first), with a bounded number
 * of meters in work per link, retries with exponential backoff, and an error
 * threshold that pauses the campaign and raises an alarm.
 *
 * @param waves              wave sizes in order: a count ({@code "1"}), a percentage of the
 *                           targets ({@code "10%"}) or {@code "rest"}; the last wave always takes
 *                           whatever is left
 * @param concurrencyPerLink meters upgraded at the same time on one link (serial port, PLC modem, TCP endpoint)
 * @param maxAttempts        tries of one step before the meter fails (at least 1)
 * @param backoff            delay before the first retry; doubled for each further one
 * @param maxBackoff         the longest delay between retries
 * @param errorThreshold     failures in a wave that pause the campaign: a count ({@code "1"}) or a
 *                           percentage of the wave ({@code "20%"})
 * @param transfer           how images go to meters that share a medium (since 2.1): {@value #AUTO}
 *                           broadcasts to the meters of a wave that share a serial medium and are in clear
 *                           (at least two), {@value #POINT_TO_POINT} sends to every meter on its own
 */
public record RolloutPolicy(List<String> waves, int concurrencyPerLink, int maxAttempts, Duration backoff,
                            Duration maxBackoff, String errorThreshold, String transfer) {

    /** Broadcast where meters share a medium, point-to-point elsewhere (the default). */
    public static final String AUTO = "auto";
    /** Every meter on its own. */
    public static final String POINT_TO_POINT = "point-to-point";

    private static final Pattern WAVE = Pattern.compile("rest|[1-9][0-9]{0,6}|(100|[1-9][0-9]?)%");
    private static final Pattern THRESHOLD = Pattern.compile("[0-9]{1,7}|(100|[0-9]{1,2})%");

    /**
     * @throws IllegalArgumentException naming the invalid part
     */
    public RolloutPolicy {
        waves = List.copyOf(Objects.requireNonNull(waves, "waves"));
        if (waves.isEmpty()) {
            throw new IllegalArgumentException("waves: at least one wave");
        }
        for (String w : waves) {
            if (!WAVE.matcher(w).matches()) {
                throw new IllegalArgumentException("wave '" + w + "' is not a count, a percentage (1%..100%) or 'rest'");
            }
        }
        if (concurrencyPerLink < 1 || concurrencyPerLink > 64) {
            throw new IllegalArgumentException("concurrencyPerLink must be 1..64");
        }
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("maxAttempts must be 1..100");
        }
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (backoff.isNegative() || maxBackoff.compareTo(backoff) < 0) {
            throw new IllegalArgumentException("backoff must be >= 0 and maxBackoff >= backoff");
        }
        if (errorThreshold == null || !THRESHOLD.matcher(errorThreshold).matches()) {
            throw new IllegalArgumentException("errorThreshold '" + errorThreshold + "' is not a count or a percentage");
        }
        if (!AUTO.equals(transfer) && !POINT_TO_POINT.equals(transfer)) {
            throw new IllegalArgumentException("transfer '" + transfer + "' is not '" + AUTO + "' or '" + POINT_TO_POINT + "'");
        }
    }

    /** A policy with {@code transfer} {@value #AUTO} (the form before 2.1). */
    public RolloutPolicy(List<String> waves, int concurrencyPerLink, int maxAttempts, Duration backoff,
                         Duration maxBackoff, String errorThreshold) {
        this(waves, concurrencyPerLink, maxAttempts, backoff, maxBackoff, errorThreshold, AUTO);
    }

    /** Whether meters that share a medium take the image by broadcast. */
    public boolean broadcast() {
        return AUTO.equals(transfer);
    }

    /** One canary, then 10 %, then the rest; one meter per link; 3 tries from 5 s backoff up to 5 min; pause at 20 % failures of a wave. */
    public static RolloutPolicy defaults() {
        return new RolloutPolicy(List.of("1", "10%", "rest"), 1, 3, Duration.ofSeconds(5), Duration.ofMinutes(5), "20%");
    }

    /** The delay before retry number {@code attempt} (1 = first retry). */
    public Duration backoffFor(int attempt) {
        long millis = backoff.toMillis();
        for (int i = 1; i < attempt && millis < maxBackoff.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    /** True if {@code failures} out of a wave of {@code waveSize} meters reach the error threshold. */
    public boolean thresholdReached(int failures, int waveSize) {
        if (failures == 0) {
            return false;
        }
        if (errorThreshold.endsWith("%")) {
            int percent = Integer.parseInt(errorThreshold.substring(0, errorThreshold.length() - 1));
            return failures * 100L >= (long) percent * waveSize;
        }
        return failures >= Integer.parseInt(errorThreshold);
    }
}
