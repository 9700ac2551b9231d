package io.fums.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A filter for {@link AuditLog#query(AuditQuery)}. Every criterion is
 * optional; an empty query returns the newest {@link #DEFAULT_LIMIT} entries.
 * Built with {@link #builder()}; {@link #all()} is the empty query.
 *
 * <p>Immutable and thread-safe.
 */
public final class AuditQuery {

    /** The limit when none is set. */
    public static final int DEFAULT_LIMIT = 100;
    /** The largest limit accepted. */
    public static final int MAX_LIMIT = 10_000;

    private static final AuditQuery ALL = builder().build();

    private final Long sinceMillis;
    private final Long untilMillis;
    private final String action;
    private final AuditOutcome outcome;
    private final int limit;

    private AuditQuery(Builder b) {
        this.sinceMillis = b.sinceMillis;
        this.untilMillis = b.untilMillis;
        this.action = b.action;
        this.outcome = b.outcome;
        this.limit = b.limit;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The query without criteria (newest {@link #DEFAULT_LIMIT} entries). */
    public static AuditQuery all() {
        return ALL;
    }

    /** Entries recorded at or after this time (UTC ms), if set. */
    public OptionalLong sinceMillis() {
        return sinceMillis == null ? OptionalLong.empty() : OptionalLong.of(sinceMillis);
    }

    /** Entries recorded strictly before this time (UTC ms), if set. */
    public OptionalLong untilMillis() {
        return untilMillis == null ? OptionalLong.empty() : OptionalLong.of(untilMillis);
    }

    /** Entries with exactly this action, if set. */
    public Optional<String> action() {
        return Optional.ofNullable(action);
    }

    /** Entries with this outcome, if set. */
    public Optional<AuditOutcome> outcome() {
        return Optional.ofNullable(outcome);
    }

    /** The maximum number of entries returned. */
    public int limit() {
        return limit;
    }

    /** Builds an {@link AuditQuery}. Not thread-safe. */
    public static final class Builder {
        private Long sinceMillis;
        private Long untilMillis;
        private String action;
        private AuditOutcome outcome;
        private int limit = DEFAULT_LIMIT;

        private Builder() {
        }

        /** Only entries recorded at or after {@code time}. */
        public Builder since(Instant time) {
            this.sinceMillis = time.toEpochMilli();
            return this;
        }

        /** Only entries recorded strictly before {@code time}. */
        public Builder until(Instant time) {
            this.untilMillis = time.toEpochMilli();
            return this;
        }

        /** Only entries with exactly this action. */
        public Builder action(String value) {
            this.action = Objects.requireNonNull(value, "action");
            return this;
        }

        /** Only entries with this outcome. */
        public Builder outcome(AuditOutcome value) {
            this.outcome = Objects.requireNonNull(value, "outcome");
            return this;
        }

        /**
         * At most this many entries.
         *
         * @throws IllegalArgumentException unless {@code 1 <= value <= MAX_LIMIT}
         */
        public Builder limit(int value) {
            if (value < 1 || value > MAX_LIMIT) {
                throw new IllegalArgumentException("audit query limit must be 1.." + MAX_LIMIT + ": " + value);
            }
            this.limit = value;
            return this;
        }

        /** The query. */
        public AuditQuery build() {
            return new AuditQuery(this);
        }
    }
}
