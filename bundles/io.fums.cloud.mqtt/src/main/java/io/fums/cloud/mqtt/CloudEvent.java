package io.fums.cloud.mqtt;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An event for the cloud: published on {@code fums/v1/{dcuId}/evt/{kind}} as
 * {@code {"id", "kind", "dcuId", "time", "data"}}. Built with
 * {@link #builder(String)}.
 *
 * <p>Every event has a unique id. By default a random UUID is chosen; a
 * producer that may re-emit the same fact after its own restart (a meter
 * result re-read from a journal) should give a deterministic id instead, so
 * that the cloud can drop the duplicate.
 *
 * <p>Immutable and thread-safe.
 */
public final class CloudEvent {

    /** Event kinds: one MQTT topic level, {@code [a-z][a-z0-9.-]{0,63}}. */
    public static final Pattern KIND = Pattern.compile("[a-z][a-z0-9.-]{0,63}");
    /** Event ids: 1 to 128 characters of {@code [A-Za-z0-9._:-]}. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final String kind;
    private final String id;
    private final Instant time;
    private final Map<String, Object> data;

    private CloudEvent(Builder b) {
        this.kind = b.kind;
        this.id = b.id != null ? b.id : UUID.randomUUID().toString();
        this.time = b.time != null ? b.time : Instant.now();
        this.data = Collections.unmodifiableMap(new LinkedHashMap<>(b.data));
    }

    /**
     * Starts an event.
     *
     * @param kind the kind, e.g. {@code campaign}, {@code meter-result},
     *     {@code alarm}, {@code software}, {@code audit}
     * @return a builder
     * @throws IllegalArgumentException if the kind is not of the form {@link #KIND}
     */
    public static Builder builder(String kind) {
        return new Builder(kind);
    }

    /** The kind (last topic level). */
    public String kind() {
        return kind;
    }

    /** The unique id. */
    public String id() {
        return id;
    }

    /** When the fact happened (default: when the event was built, by the system clock; see {@link Builder#time}). */
    public Instant time() {
        return time;
    }

    /** The event's data, unmodifiable, in insertion order (see the package doc for the value types). */
    public Map<String, Object> data() {
        return data;
    }

    @Override
    public String toString() {
        return kind + " " + id;
    }

    /** Builds a {@link CloudEvent}. Not thread-safe. */
    public static final class Builder {
        private final String kind;
        private String id;
        private Instant time;
        private final Map<String, Object> data = new LinkedHashMap<>();

        private Builder(String kind) {
            if (kind == null || !KIND.matcher(kind).matches()) {
                throw new IllegalArgumentException("event kind must match " + KIND.pattern() + ": " + kind);
            }
            this.kind = kind;
        }

        /**
         * A deterministic id instead of a random UUID.
         *
         * @throws IllegalArgumentException if it is not of the form {@link #ID}
         */
        public Builder id(String value) {
            if (value == null || !ID.matcher(value).matches()) {
                throw new IllegalArgumentException("event id must match " + ID.pattern() + ": " + value);
            }
            this.id = value;
            return this;
        }

        /**
         * When the fact happened. Producers on the DCU set it from the DCU's
         * wall clock (the {@link java.time.Clock} service), or from the time
         * recorded with the fact; unset, the system clock when the event is built.
         */
        public Builder time(Instant value) {
            this.time = Objects.requireNonNull(value, "time");
            return this;
        }

        /** Adds one data entry. */
        public Builder data(String key, Object value) {
            data.put(Objects.requireNonNull(key, "data key"), value);
            return this;
        }

        /** Adds all entries. */
        public Builder data(Map<String, ?> values) {
            values.forEach(this::data);
            return this;
        }

        /** The event. */
        public CloudEvent build() {
            return new CloudEvent(this);
        }
    }
}
