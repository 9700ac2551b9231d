package io.fums.features.dcu;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the campaign end-to-end tests: one unpacked distribution, one
 * embedded broker, keys and the console's client per test class
 * ({@link CampaignFixture}). One instance per class holds them (no static
 * state); the folder is the class's {@code @TempDir}, removed after the last test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CampaignE2E {

    Path tmp;
    CampaignFixture fx;

    @BeforeAll
    void prepareFixture(@TempDir Path dir) throws Exception {
        tmp = dir;
        fx = new CampaignFixture(tmp);
    }

    @AfterAll
    void closeFixture() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }
}
