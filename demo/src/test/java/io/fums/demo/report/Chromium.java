package io.fums.demo.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/** Headless Chromium (Debian package 'chromium', installed by .ci/run) rendering a page to a PNG. */
public final class Chromium {

    private Chromium() {
    }

    /** Renders {@code page} at 1200x1600 into {@code png}; asserts Chromium ended well; returns the image. */
    public static BufferedImage screenshot(Path page, Path png, Path work) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        assertThat(chromium).as("Chromium (Debian package 'chromium', installed by .ci/run)").isExecutable();
        Path log = work.resolve("chromium.log");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + work.resolve("chromium-profile"), "--window-size=1200,1600", "--screenshot=" + png,
                page.toUri().toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
        return ImageIO.read(png.toFile());
    }

    /** True if the image has a pixel of exactly {@code rgb} (sampled every 3 pixels). */
    public static boolean hasColour(BufferedImage image, int rgb) {
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                if (image.getRGB(x, y) == (0xFF000000 | rgb)) {
                    return true;
                }
            }
        }
        return false;
    }
}
