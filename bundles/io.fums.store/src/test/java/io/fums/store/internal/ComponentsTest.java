package io.fums.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.store.AuditEvent;
import io.fums.store.AuditQuery;
import io.fums.store.ImageStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.BundleContext;

/** The DS components are thin wrappers: they work when constructed the way SCR constructs them. */
class ComponentsTest {

    @TempDir
    Path dir;

    @Test
    @Tag("SEC-9")
    void theComponentsWireTheStoreInTheFrameworkDataDirectory() throws Exception {
        BundleContext context = TestConfigs.context(Map.of(StoreSettings.DATA_DIR_PROPERTY, dir.toString()));
        StoreComponent.Config config = TestConfigs.config(Map.of());

        Clock clock = Clock.systemUTC();
        StoreComponent database = new StoreComponent(context, config, clock);
        try {
            assertThat(database.file()).isEqualTo(dir.resolve("fums.db"));
            AuditLogComponent audit = new AuditLogComponent(database, clock);
            NonceRegistryComponent nonces = new NonceRegistryComponent(database, context, config, clock);
            StorageSpaceComponent space = new StorageSpaceComponent(context, config);
            assertThat(space.reserveBytes()).isEqualTo(StorageSpaceComponent.DEFAULT_RESERVE_MEGABYTES * 1024 * 1024);
            assertThat(space.execute().getStatus()).as("a data folder with room").isEqualTo(Result.Status.OK);
            ImageStoreComponent images = new ImageStoreComponent(context, config, space);

            audit.append(AuditEvent.builder("op", "command.verify").refused(ErrorCode.CMD_REPLAYED).build());
            assertThat(audit.query(AuditQuery.all())).hasSize(1);
            assertThat(audit.verify().ok()).isTrue();
            assertThat(audit.last()).isPresent();
            assertThat(database.schemaVersion("audit")).isEqualTo(1);

            long future = clock.millis() + 60_000;
            assertThat(nonces.register("k", "n", future)).isTrue();
            assertThat(nonces.register("k", "n", future)).isFalse();
            assertThat(nonces.prune()).isZero();

            byte[] content = "image".getBytes(StandardCharsets.UTF_8);
            String hash = images.put(new ByteArrayInputStream(content), content.length, null, 1024);
            assertThat(dir.resolve("images/sha256").resolve(hash.substring(0, 2)).resolve(hash)).exists();
            assertThat(images.contains(hash)).isTrue();
            assertThat(images.size(hash)).hasValue(content.length);
            assertThat(images.list()).containsExactly(hash);
            try (InputStream in = images.open(hash).orElseThrow()) {
                assertThat(in.readAllBytes()).isEqualTo(content);
            }
            assertThat(images.gc(Set.of(hash))).isEmpty();
            assertThat(images.delete(hash)).isTrue();
        } finally {
            database.deactivate();
        }
        assertThatThrownBy(() -> database.read(c -> null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theConfiguredDataDirectoryWinsAndABadConfigurationDoesNotActivate() throws Exception {
        BundleContext context = TestConfigs.context(Map.of(StoreSettings.DATA_DIR_PROPERTY, "/nonexistent/ignored"));
        Path configured = dir.resolve("configured");
        StoreComponent.Config config = TestConfigs.config(Map.of("data_dir", configured.toString(), "reserve_megabytes", 0L));
        ImageStore images = new ImageStoreComponent(context, config, new StorageSpaceComponent(context, config));
        assertThat(images.list()).isEmpty();
        assertThat(configured.resolve("images/sha256")).isDirectory();

        assertThatThrownBy(() -> new StoreComponent(context, TestConfigs.config(Map.of("data_dir", "relative")), Clock.systemUTC()))
                .isInstanceOfSatisfying(FumsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID));
        assertThatThrownBy(() -> new StorageSpaceComponent(context, TestConfigs.config(Map.of("reserve_megabytes", -1L))))
                .isInstanceOfSatisfying(FumsException.class,
                        e -> assertThat(e.getMessage()).contains("reserve.megabytes must be 0..1048576"));
    }

    /**
     * The nonce registry judges expiry and pruning by the clock it is given
     * (the DCU's one wall clock), never by the system clock: with a clock
     * years away from the system clock in either direction, a live nonce is
     * registered, its replay refused also after a prune, and an expired one
     * refused. (It read the system clock: the command guard and the registry
     * disagreed, and commands admitted by the guard came back CMD_EXPIRED.)
     */
    @ParameterizedTest(name = "system clock {0}")
    @ValueSource(strings = {"-P3650D", "P3650D"})
    @Tag("SEC-3")
    @Tag("SEC-9")
    void theNonceRegistryJudgesTimeByTheInjectedClockYearsAwayFromTheSystemClock(String offset) throws Exception {
        BundleContext context = TestConfigs.context(Map.of(StoreSettings.DATA_DIR_PROPERTY, dir.toString()));
        StoreComponent.Config config = TestConfigs.config(Map.of());
        Clock clock = Clock.fixed(Instant.now().plus(Duration.parse(offset)), ZoneOffset.UTC);
        StoreComponent database = new StoreComponent(context, config, clock);
        try {
            NonceRegistryComponent nonces = new NonceRegistryComponent(database, context, config, clock);
            long live = clock.millis() + 60_000;
            assertThat(nonces.register("operator", "n-live", live)).isTrue();
            assertThat(nonces.prune()).isZero();
            assertThat(nonces.register("operator", "n-live", live)).as("replay after a prune").isFalse();
            assertThatThrownBy(() -> nonces.register("operator", "n-expired", clock.millis() - 1_000))
                    .isInstanceOfSatisfying(FumsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CMD_EXPIRED));
        } finally {
            database.deactivate();
        }
    }
}
