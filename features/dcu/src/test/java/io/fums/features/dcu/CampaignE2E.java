package io.fums.features.dcu;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the campaign end-to-end tests: one unpacked distribution, one
 * embedded broker, keys and the console's client per test class
 * ({@link CampaignFixture}).
 */
abstract class CampaignE2E {

    @TempDir
    static Path tmp;
    static CampaignFixture fx;

    @BeforeAll
    static void prepareFixture() throws Exception {
        fx = new CampaignFixture(tmp);
    }

    @AfterAll
    static void closeFixture() throws Exception {
        fx.close();
    }
}
