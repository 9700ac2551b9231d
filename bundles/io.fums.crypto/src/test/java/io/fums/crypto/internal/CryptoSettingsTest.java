package io.fums.crypto.internal;

import static io.fums.crypto.internal.TestPackages.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.error.ErrorCode;
import io.fums.crypto.command.CommandLimits;
import io.fums.crypto.pkg.PackageLimits;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The component's configuration, parsed without OSGi. */
class CryptoSettingsTest {

    @Test
    void theTrustStoreDefaultsToTheDataDirectory() throws Exception {
        CryptoSettings s = CryptoSettings.parse("", "/var/lib/fums", 512, 64, 256, 512, 64, 3600);
        assertThat(s.trustStore()).isEqualTo(Path.of("/var/lib/fums/trust/truststore.json"));
        assertThat(s.packages()).isEqualTo(PackageLimits.DEFAULTS);
        assertThat(s.commands()).isEqualTo(CommandLimits.DEFAULTS);
        assertThat(CryptoSettings.parse(" /etc/fums/ts.json ", null, 1, 2, 1, 1, 1, 1).trustStore()).isEqualTo(Path.of("/etc/fums/ts.json"));
        assertThat(CryptoSettings.parse("x", null, 1, 2, 1, 1, 1, 60).commands().maxLifetime()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void missingOrOutOfRangeValuesAreRefused() {
        refused(() -> CryptoSettings.parse("", null, 512, 64, 256, 512, 64, 3600), ErrorCode.CONFIG_MISSING);
        FumsExceptionAssert.message(refused(() -> CryptoSettings.parse("", "/d", 0, 64, 256, 512, 64, 3600), ErrorCode.CONFIG_INVALID),
                "maxPackageMegabytes");
        refused(() -> CryptoSettings.parse("", "/d", 512, 1, 256, 512, 64, 3600), ErrorCode.CONFIG_INVALID);
        refused(() -> CryptoSettings.parse("", "/d", 512, 64, 256, 512, 64, 0), ErrorCode.CONFIG_INVALID);
        refused(() -> CryptoSettings.parse("a\0b", "/d", 512, 64, 256, 512, 64, 60), ErrorCode.CONFIG_INVALID);
    }
}
