package io.fums.cloud.mqtt;

import java.util.Locale;

/** The {@code status} of a response: how the request ended. */
public enum ResponseStatus {
    /** Done; {@code code} is {@code OK}. */
    OK,
    /** Not accepted: nothing was changed ({@code code} says why). */
    REFUSED,
    /** Accepted and attempted, but it failed ({@code code} says why); see {@code data} for what state it left. */
    FAILED;

    /** The wire form: {@code ok}, {@code refused}, {@code failed}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
