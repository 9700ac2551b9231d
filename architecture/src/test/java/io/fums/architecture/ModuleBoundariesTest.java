package io.fums.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Module boundaries of the whole repository (design.md: "No module imports another module's
 * *.internal package"; "Reading and upgrade are peers above meter.access; neither imports the other").
 *
 * <p>A violation is one source file that names a package the rule forbids. Known violations are
 * listed, one a line, in known-violations.txt beside this class: any violation not listed fails
 * the build, and so does a listed one that is gone (remove its line).
 */
@Tag("ARC-1")
@Tag("ARC-4")
class ModuleBoundariesTest {

    private static final String UPGRADE = "bundles/io.fums.meter.upgrade";
    private static final String READING = "io.fums.meter.reading";
    private static final String READING_MODULE = "bundles/io.fums.meter.reading";
    private static final String UPGRADE_PACKAGE = "io.fums.meter.upgrade";

    private static SourceTree tree;

    @BeforeAll
    static void readSources() {
        Path root = Path.of(System.getProperty("fums.repository", "..")).toAbsolutePath().normalize();
        assertThat(root.resolve("bundles")).as("repository root %s", root).isDirectory();
        tree = SourceTree.read(root);
        assertThat(tree.files).as("Java sources under %s", root).hasSizeGreaterThan(500);
    }

    @Test
    void noModuleNamesAnotherModulesInternalPackage() {
        Set<String> found = new TreeSet<>();
        for (SourceTree.JavaFile f : tree.files) {
            for (String name : f.names()) {
                String pkg = tree.packageOf(name);
                if (pkg != null && isInternal(pkg) && !tree.owners.get(pkg).contains(f.module())) {
                    found.add(line("internal", f, pkg));
                }
            }
            Set<String> owners = tree.owners.get(f.pkg());
            if (isInternal(f.pkg()) && !owners.contains(f.module())) {
                found.add(line("internal", f, f.pkg()));
            }
        }
        assertThat(known("internal")).as("main code may not be excused: export an API package instead")
                .allMatch(l -> l.split(" ")[2].equals("test"));
        check("internal", found);
    }

    @Test
    void meterUpgradeDoesNotNameMeterReading() {
        check("upgrade-reading", namesOf(UPGRADE, READING, "upgrade-reading"));
    }

    /** The other half of "peers above meter.access": the reading does not name the agent either. */
    @Test
    void meterReadingDoesNotNameMeterUpgrade() {
        check("reading-upgrade", namesOf(READING_MODULE, UPGRADE_PACKAGE, "reading-upgrade"));
    }

    /** The violation lines of the files of {@code module} that name {@code pkg} or a package below it. */
    private static Set<String> namesOf(String module, String pkg, String rule) {
        assertThat(tree.files).as("sources of %s (a rule on a module that is not there proves nothing)", module)
                .anyMatch(f -> f.module().equals(module));
        Set<String> found = new TreeSet<>();
        for (SourceTree.JavaFile f : tree.files) {
            if (!f.module().equals(module)) {
                continue;
            }
            for (String name : f.names()) {
                String p = tree.packageOf(name);
                if (p != null && (p.equals(pkg) || p.startsWith(pkg + "."))) {
                    found.add(line(rule, f, p));
                }
            }
        }
        return found;
    }

    @Test
    void theSourceReaderSeesThroughCommentsAndLiterals() {
        String code = SourceTree.codeOnly("""
                import io.fums.a.internal.X; // io.fums.b.internal.Y
                /* io.fums.c.internal.Z */ String pid = "io.fums.d.internal.W";
                char q = '"'; Object o = io.fums.e.internal.V.of();
                """);
        assertThat(code).contains("io.fums.a.internal.X", "io.fums.e.internal.V.of()")
                .doesNotContain("io.fums.b", "io.fums.c", "io.fums.d");
    }

    private static boolean isInternal(String pkg) {
        return Arrays.asList(pkg.split("\\.")).contains("internal");
    }

    /** One violation: rule, module and scope, file, the package it names, that package's owner. */
    private static String line(String rule, SourceTree.JavaFile f, String pkg) {
        return rule + " " + f.module() + (f.test() ? " test " : " main ") + f.path() + " -> " + pkg
                + " (" + String.join(",", tree.owners.get(pkg)) + ")";
    }

    private static void check(String rule, Set<String> found) {
        Set<String> known = known(rule);
        Map<String, Long> perPair = found.stream().collect(Collectors.groupingBy(
                ModuleBoundariesTest::pair, TreeMap::new, Collectors.counting()));
        System.out.println("[" + rule + "] violations (files) per module pair: " + perPair);
        Set<String> fresh = new TreeSet<>(found);
        fresh.removeAll(known);
        Set<String> gone = new TreeSet<>(known);
        gone.removeAll(found);
        assertThat(fresh).as("new module-boundary violations (export an API package instead)").isEmpty();
        assertThat(gone).as("known violations that are fixed: remove their lines from known-violations.txt").isEmpty();
    }

    /** "from-module scope -> owner-module" of a violation line. */
    private static String pair(String line) {
        String[] w = line.split(" ");
        return w[1] + " " + w[2] + " -> " + w[6].substring(1, w[6].length() - 1);
    }

    private static Set<String> known(String rule) {
        try (InputStream in = ModuleBoundariesTest.class.getResourceAsStream("known-violations.txt")) {
            assertThat(in).as("known-violations.txt").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(l -> l.startsWith(rule + " "))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
