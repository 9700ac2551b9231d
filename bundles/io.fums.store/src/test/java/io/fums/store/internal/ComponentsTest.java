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
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

        StoreComponent database = new StoreComponent(context, config);
        try {
            assertThat(database.file()).isEqualTo(dir.resolve("fums.db"));
            AuditLogComponent audit = new AuditLogComponent(database);
            NonceRegistryComponent nonces = new NonceRegistryComponent(database, context, config);
            ImageStoreComponent images = new ImageStoreComponent(context, config);

            audit.append(AuditEvent.builder("op", "command.verify").refused(ErrorCode.CMD_REPLAYED).build());
            assertThat(audit.query(AuditQuery.all())).hasSize(1);
            assertThat(audit.verify().ok()).isTrue();
            assertThat(audit.last()).isPresent();
            assertThat(database.schemaVersion("audit")).isEqualTo(1);

            long future = System.currentTimeMillis() + 60_000;
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
        ImageStore images = new ImageStoreComponent(context, TestConfigs.config(Map.of("data_dir", configured.toString())));
        assertThat(images.list()).isEmpty();
        assertThat(configured.resolve("images/sha256")).isDirectory();

        assertThatThrownBy(() -> new StoreComponent(context, TestConfigs.config(Map.of("data_dir", "relative"))))
                .isInstanceOfSatisfying(FumsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID));
    }
}
