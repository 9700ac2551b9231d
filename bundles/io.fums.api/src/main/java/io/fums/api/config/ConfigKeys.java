package io.fums.api.config;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses configuration keys a component does not know: a typo ({@code brokerUrll}) would otherwise be ignored
 * and the component would run on its default, a half-understood configuration. The known keys are the component
 * property names of the configuration annotation's methods (OSGi DS 112.8.2.2: {@code _} becomes {@code .},
 * {@code __} {@code _}, {@code $_$} {@code -}); properties that Configuration Admin, SCR or the Felix tools add
 * ({@code service.*}, {@code component.*}, {@code felix.*}, {@code :...}) and the runtime's marks
 * ({@code fums.config.source} of a default file) are not the operator's.
 */
public final class ConfigKeys {

    private ConfigKeys() {
    }

    /**
     * @param properties the component's properties (its configuration, and what the component declares)
     * @param type       the component's configuration annotation
     * @param pid        the configuration's PID, named in the message
     * @param declared   the properties the component declares itself ({@code @Component(property = ...)})
     * @throws FumsException {@code CONFIG_INVALID} naming the unknown keys, a likely meant key, and the known ones
     */
    public static void check(Map<String, ?> properties, Class<? extends Annotation> type, String pid, Set<String> declared)
            throws FumsException {
        Set<String> known = known(type);
        Set<String> unknown = new TreeSet<>();
        for (String key : properties.keySet()) {
            if (!known.contains(key) && !declared.contains(key) && !added(key)) {
                unknown.add(key);
            }
        }
        if (unknown.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder("configuration " + pid + ": unknown key");
        b.append(unknown.size() == 1 ? " " : "s ");
        b.append(String.join(", ", unknown.stream().map(k -> "'" + k + "'" + suggestion(k, known)).toList()));
        b.append(": fix or remove ").append(unknown.size() == 1 ? "it" : "them").append(" (known: ")
                .append(String.join(", ", known)).append(')');
        throw new FumsException(ErrorCode.CONFIG_INVALID, b.toString());
    }

    /** The property names of the configuration annotation's methods. */
    public static Set<String> known(Class<? extends Annotation> type) {
        Set<String> keys = new TreeSet<>();
        for (Method m : type.getDeclaredMethods()) {
            keys.add(propertyName(m.getName()));
        }
        return keys;
    }

    /** A configuration annotation method's property name (OSGi DS 112.8.2.2). */
    public static String propertyName(String method) {
        return method.replace("$_$", "-").replace("$$", "\u0000").replace("$", "").replace("__", "\u0001")
                .replace('_', '.').replace('\u0001', '_').replace('\u0000', '$');
    }

    private static boolean added(String key) {
        return key.startsWith("service.") || key.startsWith("component.") || key.startsWith("felix.")
                || key.startsWith(":") || key.startsWith("osgi.ds.") || key.equals("objectClass")
                || key.startsWith("fums.config.");
    }

    private static String suggestion(String key, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(key.toLowerCase(), k.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= Math.max(2, key.length() / 4) ? " (did you mean '" + best + "'?)" : "";
    }

    /** Levenshtein distance; keys are short, and at most a few hundred characters are compared. */
    private static int distance(String a, String b) {
        if (a.length() > 200 || b.length() > 200) {
            return Integer.MAX_VALUE;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
