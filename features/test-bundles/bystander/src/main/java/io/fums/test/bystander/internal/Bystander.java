package io.fums.test.bystander.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * A component outside every feature that counts its own activations and
 * deactivations in {@code <fums.data.dir>/bystander.log}: a swap must leave it
 * running (no new line).
 */
@Component(immediate = true, service = {})
public final class Bystander {

    private final Path log;

    @Activate
    public Bystander(BundleContext context) throws IOException {
        this.log = Path.of(context.getProperty("fums.data.dir"), "bystander.log");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "activate\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Deactivate
    void deactivate() throws IOException {
        Files.writeString(log, "deactivate\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
