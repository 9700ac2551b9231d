package io.fums.emulator.console.web;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonDeserializer;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializer;
import java.time.Instant;

/**
 * The JSON of the web console's API: Gson, nulls written, and Gson's HTML escaping kept on ({@code <}, {@code >},
 * {@code &}, {@code '} and {@code =} as {@code \u003c} ...), so that no value can close a script or tag even where a
 * page would misuse it. Instants as RFC 3339 text.
 */
final class WebJson {

    static final Gson GSON = new GsonBuilder().serializeNulls()
            .registerTypeAdapter(Instant.class, (JsonSerializer<Instant>) (i, t, c) -> new JsonPrimitive(i.toString()))
            .registerTypeAdapter(Instant.class, (JsonDeserializer<Instant>) (j, t, c) -> Instant.parse(j.getAsString()))
            .create();

    private WebJson() {
    }
}
