package io.fums.emulator.console.web;

import com.google.gson.JsonElement;

/** Where live updates go: the pages' event stream ({@link EventHub}). Thread-safe, never blocks. */
@FunctionalInterface
interface EventSink {

    /**
     * Sends one update to every page listening.
     *
     * @param event the event name ({@code dcu}, {@code rollout}, {@code meter-result}, {@code alarm})
     * @param data  its data
     */
    void publish(String event, JsonElement data);
}
