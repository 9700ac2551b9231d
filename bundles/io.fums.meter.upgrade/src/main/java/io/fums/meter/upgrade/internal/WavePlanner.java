package io.fums.meter.upgrade.internal;

import io.fums.meter.upgrade.RolloutPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a campaign's targets into waves, in target order: counts and
 * percentages (of all targets, rounded up, at least one meter) in turn, and
 * the last wave (or {@code rest}) takes the remainder. Empty waves are dropped.
 */
final class WavePlanner {

    private WavePlanner() {
    }

    static <T> List<List<T>> plan(List<T> targets, RolloutPolicy policy) {
        List<List<T>> waves = new ArrayList<>();
        int next = 0;
        List<String> specs = policy.waves();
        for (int i = 0; i < specs.size() && next < targets.size(); i++) {
            String spec = specs.get(i);
            boolean last = i == specs.size() - 1;
            int size;
            if (last || spec.equals("rest")) {
                size = targets.size() - next;
            } else if (spec.endsWith("%")) {
                int percent = Integer.parseInt(spec.substring(0, spec.length() - 1));
                size = Math.max(1, (int) Math.ceil(targets.size() * percent / 100.0));
            } else {
                size = Integer.parseInt(spec);
            }
            size = Math.min(size, targets.size() - next);
            waves.add(List.copyOf(targets.subList(next, next + size)));
            next += size;
            if (spec.equals("rest")) {
                break;
            }
        }
        return waves;
    }
}
