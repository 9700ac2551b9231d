package io.fums.shell.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The words after a command's name: positional arguments and {@code --name value} options, checked against what
 * the command takes. Every mistake is a {@code CMD_MALFORMED} naming the command's usage.
 */
final class Args {

    private final Command command;
    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> options = new LinkedHashMap<>();
    private final String technician;
    private final Map<String, Object> auditDetail = new LinkedHashMap<>();

    Args(Command command, List<String> words, String technician) throws FumsException {
        this.command = command;
        this.technician = technician;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.startsWith("--") && w.length() > 2) {
                String name = w.substring(2);
                if (!command.options().contains(name)) {
                    throw malformed("unknown option " + w + (command.options().isEmpty() ? ""
                            : " (it takes --" + String.join(", --", command.options()) + ")"));
                }
                if (i + 1 >= words.size()) {
                    throw malformed("option " + w + " needs a value");
                }
                options.put(name, words.get(++i));
            } else {
                positional.add(w);
            }
        }
        if (positional.size() < command.minArgs() || positional.size() > command.maxArgs()) {
            throw malformed(positional.size() < command.minArgs() ? "missing argument" : "too many arguments");
        }
    }

    /** Who runs the command: {@code technician:<user>@shell}. */
    String technician() {
        return technician;
    }

    /** Adds to the audit entry of a state-changing command (e.g. the hash of the file it used). */
    void auditDetail(String key, Object value) {
        auditDetail.put(key, value);
    }

    Map<String, Object> auditDetail() {
        return Map.copyOf(auditDetail);
    }

    /** The i-th positional argument, or null if absent. */
    String arg(int i) {
        return i < positional.size() ? positional.get(i) : null;
    }

    List<String> positional() {
        return List.copyOf(positional);
    }

    Map<String, String> options() {
        return Map.copyOf(options);
    }

    String option(String name) {
        return options.get(name);
    }

    /** An option as an integer in {@code min..max}, or {@code otherwise} when absent. */
    int intOption(String name, int min, int max, int otherwise) throws FumsException {
        String v = options.get(name);
        if (v == null) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw malformed("--" + name + " must be a whole number " + min + ".." + max + ", not '" + v + "'");
    }

    /** An option that must be one of {@code values}, or null when absent. */
    String choice(String name, Set<String> values) throws FumsException {
        String v = options.get(name);
        if (v != null && !values.contains(v)) {
            throw malformed("--" + name + " must be one of " + String.join(", ", values) + ", not '" + v + "'");
        }
        return v;
    }

    FumsException malformed(String what) {
        return new FumsException(ErrorCode.CMD_MALFORMED, what + "; usage: " + command.usage());
    }
}
