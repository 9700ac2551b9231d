package io.fums.store;

import io.fums.api.error.ErrorCode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to record in the {@link AuditLog}: who did what, how it ended, why,
 * to what, and structured detail. Built with {@link #builder(String, String)}.
 *
 * <p>The detail is a map of names to values that {@link AuditLog#append}
 * serialises as a JSON object (with Gson): values may be {@code null},
 * strings, numbers, booleans, enums, nested maps with string keys,
 * collections and arrays; anything else is recorded by its
 * {@code toString()}. Keys keep their insertion order.
 *
 * <p>Immutable and thread-safe.
 */
public final class AuditEvent {

    private final String actor;
    private final String action;
    private final AuditOutcome outcome;
    private final ErrorCode reason;
    private final String subject;
    private final Map<String, Object> detail;

    private AuditEvent(Builder b) {
        this.actor = b.actor;
        this.action = b.action;
        this.outcome = b.outcome;
        this.reason = b.reason;
        this.subject = b.subject;
        this.detail = Collections.unmodifiableMap(new LinkedHashMap<>(b.detail));
    }

    /**
     * Starts an event.
     *
     * @param actor who acted: an operator key id, {@code system}, a bundle or
     *     a technician; not empty
     * @param action what was done, a stable dotted name such as
     *     {@code command.verify} or {@code meter.upgrade.activate}; not empty
     * @return a builder with outcome {@link AuditOutcome#OK}
     * @throws IllegalArgumentException if actor or action is null or empty
     */
    public static Builder builder(String actor, String action) {
        return new Builder(actor, action);
    }

    /** Who acted. */
    public String actor() {
        return actor;
    }

    /** What was done. */
    public String action() {
        return action;
    }

    /** How it ended. */
    public AuditOutcome outcome() {
        return outcome;
    }

    /** Why it was refused or failed, or null. */
    public ErrorCode reason() {
        return reason;
    }

    /** What it was done to (a device id, a package name, a hash), or null. */
    public String subject() {
        return subject;
    }

    /** Structured detail, unmodifiable, possibly empty. */
    public Map<String, Object> detail() {
        return detail;
    }

    /** Builds an {@link AuditEvent}. Not thread-safe. */
    public static final class Builder {
        private final String actor;
        private final String action;
        private AuditOutcome outcome = AuditOutcome.OK;
        private ErrorCode reason;
        private String subject;
        private final Map<String, Object> detail = new LinkedHashMap<>();

        private Builder(String actor, String action) {
            this.actor = requireText("actor", actor);
            this.action = requireText("action", action);
        }

        /** The outcome; default {@link AuditOutcome#OK}. */
        public Builder outcome(AuditOutcome value) {
            this.outcome = Objects.requireNonNull(value, "outcome");
            return this;
        }

        /** Outcome {@link AuditOutcome#REFUSED} with its reason. */
        public Builder refused(ErrorCode why) {
            this.outcome = AuditOutcome.REFUSED;
            this.reason = Objects.requireNonNull(why, "reason");
            return this;
        }

        /** Outcome {@link AuditOutcome#FAILED} with its reason. */
        public Builder failed(ErrorCode why) {
            this.outcome = AuditOutcome.FAILED;
            this.reason = Objects.requireNonNull(why, "reason");
            return this;
        }

        /** The reason code, or null for none. */
        public Builder reason(ErrorCode value) {
            this.reason = value;
            return this;
        }

        /** The subject, or null for none. */
        public Builder subject(String value) {
            this.subject = value;
            return this;
        }

        /** Adds one detail entry (insertion order is kept). */
        public Builder detail(String key, Object value) {
            detail.put(Objects.requireNonNull(key, "detail key"), value);
            return this;
        }

        /** Adds all entries of {@code values}. */
        public Builder detail(Map<String, ?> values) {
            values.forEach(this::detail);
            return this;
        }

        /** The event. */
        public AuditEvent build() {
            return new AuditEvent(this);
        }

        private static String requireText(String what, String value) {
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("audit " + what + " is missing");
            }
            return value;
        }
    }
}
