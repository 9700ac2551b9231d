package io.fums.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.error.FumsException;

/** Message assertions on refusals. */
final class FumsExceptionAssert {

    private FumsExceptionAssert() {
    }

    static void message(FumsException e, String... parts) {
        assertThat(e.getMessage()).contains(parts);
    }
}
