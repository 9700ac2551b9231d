package io.fums.features.dcu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Issue 13, "Must show" (SEC-1, SEC-5, SEC-7): a grep of a DCU's effective
 * configuration and state (its conf and data folders, every file, text or
 * binary) finds no meter key (hex in either case, or the 16 raw octets), no
 * meter with security {@code none}, and no plain {@code tcp://} broker URL;
 * and its log has no plaintext-key warning ({@code meter.keys.plaintext}).
 */
public final class EffectiveConfig {

    private static final Pattern NONE = Pattern.compile("\"authentication\"\\s*:\\s*\"none\"");

    private EffectiveConfig() {
    }

    /**
     * What is wrong, one line each; empty when nothing is.
     *
     * @param roots    the DCU's conf and data folders
     * @param keysFile the meters' keys as provisioned (console many-meter format), to search for
     * @param log      the DCU's log
     */
    public static List<String> problems(List<Path> roots, Path keysFile, String log) throws IOException {
        List<String> keys = new ArrayList<>();
        for (String line : Files.readAllLines(keysFile, StandardCharsets.US_ASCII)) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 3) {
                keys.add(f[1].toLowerCase(Locale.ROOT));
                keys.add(f[2].toLowerCase(Locale.ROOT));
            }
        }
        List<String> out = new ArrayList<>();
        if (keys.isEmpty()) {
            out.add(keysFile + ": no meter keys to search for");
        }
        List<String> raw = keys.stream().map(k -> new String(HexFormat.of().parseHex(k), StandardCharsets.ISO_8859_1))
                .toList();
        int files = 0;
        for (Path root : roots) {
            List<Path> all;
            try (Stream<Path> s = Files.walk(root)) {
                all = s.filter(Files::isRegularFile).toList();
            }
            for (Path f : all) {
                files++;
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                String lower = text.toLowerCase(Locale.ROOT);
                for (int i = 0; i < keys.size(); i++) {
                    if (lower.contains(keys.get(i)) || text.contains(raw.get(i))) {
                        out.add(f + ": holds a meter key (" + keys.get(i).substring(0, 4) + "...)");
                        break;
                    }
                }
                if (NONE.matcher(text).find()) {
                    out.add(f + ": a meter with security \"none\"");
                }
                if (lower.contains("tcp://")) {
                    out.add(f + ": a tcp:// URL");
                }
            }
        }
        if (files == 0) {
            out.add(roots + ": no file");
        }
        if (log.contains("meter.keys.plaintext") || log.contains("plaintext keys")) {
            out.add("the DCU's log warns of plaintext meter keys");
        }
        return out;
    }
}
