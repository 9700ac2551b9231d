package io.fums.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FumsExceptionTest {

    @Test
    void carriesCodeAndReadableForm() {
        FumsException e = new FumsException(ErrorCode.PKG_HASH_MISMATCH, "payload image.bin: sha256 differs");
        assertThat(e.code()).isEqualTo(ErrorCode.PKG_HASH_MISMATCH);
        assertThat(e).hasToString("PKG_HASH_MISMATCH: payload image.bin: sha256 differs");
        assertThat(new FumsException(ErrorCode.CMD_REPLAYED).getMessage())
                .isEqualTo(ErrorCode.CMD_REPLAYED.defaultMessage());
    }

    @Test
    void everyCodeHasAMessageAndTheCategoryMatchesItsPrefix() {
        Arrays.stream(ErrorCode.values()).forEach(c -> {
            assertThat(c.defaultMessage()).isNotBlank();
            String prefix = c.name().substring(0, c.name().indexOf('_') < 0 ? c.name().length() : c.name().indexOf('_'));
            switch (prefix) {
                case "PKG": case "ARTIFACT": assertThat(c.category()).isEqualTo(ErrorCode.Category.PACKAGE); break;
                case "CMD": assertThat(c.category()).isEqualTo(ErrorCode.Category.COMMAND); break;
                case "METER": assertThat(c.category()).isEqualTo(ErrorCode.Category.METER); break;
                case "SWAP": assertThat(c.category()).isEqualTo(ErrorCode.Category.SOFTWARE); break;
                case "CONFIG": assertThat(c.category()).isEqualTo(ErrorCode.Category.CONFIGURATION); break;
                case "CLOUD": assertThat(c.category()).isEqualTo(ErrorCode.Category.CLOUD); break;
                default: assertThat(c.category()).isEqualTo(ErrorCode.Category.INTERNAL);
            }
        });
    }
}
