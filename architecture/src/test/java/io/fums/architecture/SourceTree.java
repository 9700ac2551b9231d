package io.fums.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Java sources of every Maven module of the repository, read as text: per file its module,
 * scope (main or test), package and the io.fums names its code mentions (comments and literals
 * left out, so a configuration PID in a string is not a dependency).
 */
final class SourceTree {

    /** One Java source file. {@code module} is the module folder relative to the root, e.g. bundles/io.fums.store. */
    record JavaFile(String module, boolean test, String path, String pkg, Set<String> names) { }

    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern NAME = Pattern.compile("\\bio\\.fums(?:\\s*\\.\\s*\\w+)+");
    private static final Set<String> SKIPPED = Set.of("target", ".git", "node_modules");

    final List<JavaFile> files;
    /** package -> modules that hold it in src/main (or, for test-only packages, in src/test). */
    final Map<String, Set<String>> owners;

    private SourceTree(List<JavaFile> files) {
        this.files = files;
        Map<String, Set<String>> main = new HashMap<>();
        Map<String, Set<String>> test = new HashMap<>();
        for (JavaFile f : files) {
            (f.test() ? test : main).computeIfAbsent(f.pkg(), k -> new TreeSet<>()).add(f.module());
        }
        test.forEach(main::putIfAbsent);
        this.owners = main;
    }

    static SourceTree read(Path root) {
        List<JavaFile> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> p.toString().endsWith(".java"))
                .filter(p -> { for (Path part : root.relativize(p)) if (SKIPPED.contains(part.toString())) return false; return true; })
                .forEach(p -> parse(root, p, files));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SourceTree(files);
    }

    private static void parse(Path root, Path file, List<JavaFile> out) {
        String rel = root.relativize(file).toString().replace('\\', '/');
        int main = rel.indexOf("/src/main/java/");
        int test = rel.indexOf("/src/test/java/");
        int at = main >= 0 ? main : test;
        if (at < 0) {
            return; // not a module source (e.g. a resource template)
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String code = codeOnly(text);
        Matcher pm = PACKAGE.matcher(code);
        String pkg = pm.find() ? pm.group(1) : "";
        Set<String> names = new TreeSet<>();
        Matcher nm = NAME.matcher(code);
        while (nm.find()) {
            names.add(nm.group().replaceAll("\\s", ""));
        }
        out.add(new JavaFile(rel.substring(0, at), main < 0, rel.substring(at + 1), pkg, names));
    }

    /** The package a dotted name lies in: its longest prefix that some module declares, or null. */
    String packageOf(String name) {
        String candidate = name;
        while (true) {
            if (owners.containsKey(candidate)) {
                return candidate;
            }
            int dot = candidate.lastIndexOf('.');
            if (dot < 0) {
                return null;
            }
            candidate = candidate.substring(0, dot);
        }
    }

    /** The source with comments, string, char and text-block literals blanked out (line breaks kept). */
    static String codeOnly(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                i = skip(s, i, end < 0 ? n : end + 2, b);
            } else if (s.startsWith("\"\"\"", i)) {
                int end = i + 3;
                while (end < n && !(s.startsWith("\"\"\"", end) && s.charAt(end - 1) != '\\')) {
                    end++;
                }
                i = skip(s, i, Math.min(n, end + 3), b);
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < n && s.charAt(end) != c && s.charAt(end) != '\n') {
                    end += s.charAt(end) == '\\' ? 2 : 1;
                }
                i = skip(s, i, Math.min(n, end + 1), b);
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }

    private static int skip(String s, int from, int to, StringBuilder b) {
        for (int k = from; k < to; k++) {
            b.append(s.charAt(k) == '\n' ? '\n' : ' ');
        }
        return to;
    }
}
