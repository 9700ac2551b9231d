package io.fums.runtime.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the default configuration shipped in {@code conf/config}: one JSON
 * file per configuration, named {@code <pid>.json} or
 * {@code <factoryPid>~<name>.json}, holding a flat object of properties.
 *
 * <p>Values map to Configuration Admin types: string, boolean, integral
 * number (Long), other number (Double), and arrays of one of these. Nested
 * objects, nulls and mixed arrays are refused. A file that does not parse is
 * reported with its name and the reason, and skipped: it changes nothing.
 */
final class DefaultConfigFiles {

    /** A file that could not be used, and why. */
    static final class Problem {
        final Path file;
        final String reason;

        Problem(Path file, String reason) {
            this.file = file;
            this.reason = reason;
        }

        @Override
        public String toString() {
            return file.getFileName() + ": " + reason;
        }
    }

    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9_.$-]+?)(?:~([A-Za-z0-9_.-]+))?\\.json");
    static final long MAX_FILE_BYTES = 64 * 1024;

    private final List<DefaultConfig> configs = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();

    /** Reads every {@code *.json} file of {@code dir}, in name order; a missing folder holds none. */
    static DefaultConfigFiles read(Path dir) throws IOException {
        DefaultConfigFiles result = new DefaultConfigFiles();
        if (!Files.isDirectory(dir)) {
            return result;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            ds.forEach(files::add);
        }
        files.sort(null);
        for (Path f : files) {
            try {
                result.configs.add(parse(f));
            } catch (IllegalArgumentException | JsonParseException | IOException e) {
                result.problems.add(new Problem(f, e.getMessage()));
            }
        }
        return result;
    }

    List<DefaultConfig> configs() {
        return configs;
    }

    List<Problem> problems() {
        return problems;
    }

    static DefaultConfig parse(Path file) throws IOException {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("file name must be <pid>.json or <factoryPid>~<name>.json");
        }
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("larger than " + MAX_FILE_BYTES + " bytes");
        }
        JsonElement root;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = JsonParser.parseReader(r);
        }
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException("expected a JSON object of properties");
        }
        return new DefaultConfig(m.group(1), m.group(2), properties(root.getAsJsonObject()));
    }

    static Map<String, Object> properties(JsonObject object) {
        Map<String, Object> props = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : object.entrySet()) {
            props.put(e.getKey(), value(e.getKey(), e.getValue()));
        }
        return props;
    }

    private static Object value(String key, JsonElement v) {
        if (v.isJsonPrimitive()) {
            return scalar(key, v.getAsJsonPrimitive());
        }
        if (v.isJsonArray()) {
            return array(key, v.getAsJsonArray());
        }
        throw new IllegalArgumentException("property '" + key + "': only strings, numbers, booleans and arrays of them are allowed");
    }

    private static Object scalar(String key, JsonPrimitive p) {
        if (p.isBoolean()) {
            return p.getAsBoolean();
        }
        if (p.isString()) {
            return p.getAsString();
        }
        BigDecimal n = p.getAsBigDecimal();
        if (n.scale() <= 0 || n.stripTrailingZeros().scale() <= 0) {
            try {
                return n.longValueExact();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("property '" + key + "': " + n + " does not fit a long", e);
            }
        }
        return n.doubleValue();
    }

    private static Object array(String key, JsonArray a) {
        if (a.isEmpty()) {
            return new String[0];
        }
        Object[] values = new Object[a.size()];
        for (int i = 0; i < values.length; i++) {
            JsonElement e = a.get(i);
            if (!e.isJsonPrimitive()) {
                throw new IllegalArgumentException("property '" + key + "': array elements must be strings, numbers or booleans");
            }
            values[i] = scalar(key, e.getAsJsonPrimitive());
        }
        Class<?> type = values[0].getClass();
        for (Object o : values) {
            if (o.getClass() != type) {
                throw new IllegalArgumentException("property '" + key + "': array mixes " + type.getSimpleName()
                        + " and " + o.getClass().getSimpleName());
            }
        }
        Object typed = Array.newInstance(type, values.length);
        System.arraycopy(values, 0, typed, 0, values.length);
        return typed;
    }
}
