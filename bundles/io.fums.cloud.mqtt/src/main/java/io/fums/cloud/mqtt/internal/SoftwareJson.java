package io.fums.cloud.mqtt.internal;

import io.fums.api.software.SoftwareSet;
import io.fums.deploy.InstalledBundle;
import io.fums.deploy.SwapRecord;
import io.fums.deploy.SwapResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The wire form of io.fums.deploy's types (docs/mqtt-api.md), as maps in a stable field order. */
final class SoftwareJson {

    private SoftwareJson() {
    }

    static Map<String, Object> set(SoftwareSet s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generation", s.generation());
        m.put("committed", s.committed());
        List<Map<String, Object>> features = new ArrayList<>();
        for (SoftwareSet.Feature f : s.features()) {
            features.add(feature(f));
        }
        m.put("features", features);
        List<Map<String, Object>> bundles = new ArrayList<>();
        for (SoftwareSet.SetBundle b : s.bundles()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("feature", b.feature());
            x.put("symbolicName", b.symbolicName());
            x.put("version", b.version());
            x.put("startLevel", b.startLevel());
            x.put("started", b.started());
            x.put("sha256", b.sha256());
            bundles.add(x);
        }
        m.put("bundles", bundles);
        return m;
    }

    static Map<String, Object> feature(SoftwareSet.Feature f) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("name", f.name());
        x.put("version", f.version());
        return x;
    }

    static Map<String, Object> bundle(InstalledBundle b) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("symbolicName", b.symbolicName());
        x.put("version", b.version());
        x.put("state", b.state());
        x.put("startLevel", b.startLevel());
        x.put("feature", b.feature());
        x.put("bundleId", b.bundleId());
        x.put("lastModified", b.lastModified());
        x.put("starts", b.starts());
        x.put("serviceIds", b.serviceIds());
        return x;
    }

    static Map<String, Object> result(SwapResult r) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("txId", r.txId());
        x.put("outcome", r.outcome());
        x.put("feature", r.feature());
        x.put("fromVersion", r.fromVersion());
        x.put("toVersion", r.toVersion());
        x.put("generation", r.generation());
        x.put("code", r.code() == null ? null : r.code().name());
        x.put("message", r.message());
        x.put("durationMillis", r.durationMillis());
        return x;
    }

    static Map<String, Object> record(SwapRecord r) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("txId", r.txId());
        x.put("started", r.started());
        x.put("ended", r.ended());
        x.put("feature", r.feature());
        x.put("from", r.from());
        x.put("to", r.to());
        x.put("outcome", r.outcome());
        x.put("code", r.code());
        x.put("message", r.message());
        return x;
    }

    /** The {@code software} section of the state: generation, features, every bundle's version. */
    static Map<String, Object> state(SoftwareSet committed, List<InstalledBundle> bundles) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generation", committed.generation());
        List<Map<String, Object>> features = new ArrayList<>();
        for (SoftwareSet.Feature f : committed.features()) {
            features.add(feature(f));
        }
        m.put("features", features);
        Map<String, String> versions = new TreeMap<>();
        for (InstalledBundle b : bundles) {
            versions.put(b.symbolicName(), b.version());
        }
        m.put("bundles", versions);
        return m;
    }
}
