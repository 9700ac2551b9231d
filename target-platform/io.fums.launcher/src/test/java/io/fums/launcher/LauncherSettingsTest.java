package io.fums.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherSettingsTest {

    @TempDir
    Path tmp;

    @Test
    void frameworkPropertiesResolveReferencesAndKeepAllStateInTheDataFolder() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/framework.properties"),
                "gosh.args=--nointeractive\nfums.example=${fums.data.dir}/x\norg.osgi.framework.storage=/elsewhere\n");
        LauncherSettings s = new LauncherSettings(home, null, tmp.resolve("data"), Map.of());
        Map<String, String> p = s.frameworkProperties();
        assertThat(p).containsEntry("gosh.args", "--nointeractive")
                .containsEntry("fums.example", tmp.resolve("data") + "/x")
                .containsEntry("org.osgi.framework.storage", tmp.resolve("data/cache").toString())
                .containsEntry("felix.cm.dir", tmp.resolve("data/config").toString())
                .containsEntry("org.osgi.framework.storage.clean", "onFirstInit")
                .containsEntry("fums.data.dir", tmp.resolve("data").toString());
    }

    @Test
    void theDcuIdComesFromTheEnvironmentBeforeTheConfFile() throws Exception {
        Path home = tmp.resolve("home2");
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/framework.properties"), "fums.dcu.id=dcu-conf\n");
        assertThat(new LauncherSettings(home, null, tmp.resolve("d"), Map.of()).frameworkProperties())
                .containsEntry("fums.dcu.id", "dcu-conf");
        assertThat(new LauncherSettings(home, null, tmp.resolve("d"), Map.of("FUMS_DCU_ID", "dcu-env")).frameworkProperties())
                .containsEntry("fums.dcu.id", "dcu-env");
    }

    @Test
    void unknownReferenceIsAClearError() {
        assertThatThrownBy(() -> LauncherSettings.substitute("${fums.nope}/x", Map.of("fums.home", "/h"), "k"))
                .hasMessageContaining("k refers to unknown ${fums.nope}");
    }
}
