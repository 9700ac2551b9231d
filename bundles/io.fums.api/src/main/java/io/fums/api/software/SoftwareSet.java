package io.fums.api.software;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An immutable software set: a generation number, the time it was committed,
 * the features it holds (name and version) and their bundles.
 *
 * <p>Invariants, checked by the constructor: feature names are unique; every
 * bundle belongs to a listed feature; bundle symbolic names are unique across
 * the set; hashes are 64 lower-case hex digits; start levels are 1..99.
 */
public final class SoftwareSet {

    /** A feature of the set. */
    public static final class Feature {
        private final String name;
        private final String version;

        public Feature(String name, String version) {
            this.name = requireToken("feature name", name);
            this.version = requireToken("feature version", version);
        }

        public String name() {
            return name;
        }

        public String version() {
            return version;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Feature && ((Feature) o).name.equals(name) && ((Feature) o).version.equals(version);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, version);
        }

        @Override
        public String toString() {
            return name + " " + version;
        }
    }

    /** A bundle of the set. */
    public static final class SetBundle {
        private final String feature;
        private final String symbolicName;
        private final String version;
        private final int startLevel;
        private final boolean started;
        private final String sha256;

        public SetBundle(String feature, String symbolicName, String version, int startLevel, boolean started, String sha256) {
            this.feature = requireToken("feature name", feature);
            this.symbolicName = requireToken("bundle symbolic name", symbolicName);
            this.version = requireToken("bundle version", version);
            if (startLevel < 1 || startLevel > 99) {
                throw new IllegalArgumentException("start level " + startLevel + " of " + symbolicName + " is outside 1..99");
            }
            this.startLevel = startLevel;
            this.started = started;
            if (sha256 == null || !HEX64.matcher(sha256).matches()) {
                throw new IllegalArgumentException("hash of " + symbolicName + " must be 64 lower-case hex digits");
            }
            this.sha256 = sha256;
        }

        /** The feature the bundle belongs to. */
        public String feature() {
            return feature;
        }

        public String symbolicName() {
            return symbolicName;
        }

        public String version() {
            return version;
        }

        public int startLevel() {
            return startLevel;
        }

        /** True if the bundle is to be started (false: installed and resolved only). */
        public boolean started() {
            return started;
        }

        /** SHA-256 of the bundle's jar, the name of its file in the image store. */
        public String sha256() {
            return sha256;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof SetBundle)) {
                return false;
            }
            SetBundle b = (SetBundle) o;
            return b.feature.equals(feature) && b.symbolicName.equals(symbolicName) && b.version.equals(version)
                    && b.startLevel == startLevel && b.started == started && b.sha256.equals(sha256);
        }

        @Override
        public int hashCode() {
            return Objects.hash(symbolicName, sha256);
        }

        @Override
        public String toString() {
            return symbolicName + " " + version + " (" + feature + ")";
        }
    }

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private final long generation;
    private final Instant committed;
    private final List<Feature> features;
    private final List<SetBundle> bundles;

    /**
     * @throws IllegalArgumentException if an invariant (see the class) does not hold
     */
    public SoftwareSet(long generation, Instant committed, List<Feature> features, List<SetBundle> bundles) {
        if (generation < 0) {
            throw new IllegalArgumentException("generation must not be negative");
        }
        this.generation = generation;
        this.committed = Objects.requireNonNull(committed, "committed");
        this.features = List.copyOf(features);
        this.bundles = List.copyOf(bundles);
        Set<String> names = new HashSet<>();
        for (Feature f : this.features) {
            if (!names.add(f.name())) {
                throw new IllegalArgumentException("feature " + f.name() + " is listed twice");
            }
        }
        Set<String> bsns = new HashSet<>();
        for (SetBundle b : this.bundles) {
            if (!names.contains(b.feature())) {
                throw new IllegalArgumentException("bundle " + b.symbolicName() + " belongs to unlisted feature " + b.feature());
            }
            if (!bsns.add(b.symbolicName())) {
                throw new IllegalArgumentException("bundle " + b.symbolicName() + " is listed twice");
            }
        }
    }

    /** The empty set: the base runtime only. */
    public static SoftwareSet empty() {
        return new SoftwareSet(0, Instant.EPOCH, List.of(), List.of());
    }

    /** Increases with every commit. */
    public long generation() {
        return generation;
    }

    public Instant committed() {
        return committed;
    }

    public List<Feature> features() {
        return features;
    }

    public List<SetBundle> bundles() {
        return bundles;
    }

    public Optional<Feature> feature(String name) {
        return features.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The bundles of one feature. */
    public List<SetBundle> bundlesOf(String feature) {
        List<SetBundle> result = new ArrayList<>();
        for (SetBundle b : bundles) {
            if (b.feature().equals(feature)) {
                result.add(b);
            }
        }
        return result;
    }

    public Optional<SetBundle> bundle(String symbolicName) {
        return bundles.stream().filter(b -> b.symbolicName().equals(symbolicName)).findFirst();
    }

    /**
     * This set with {@code feature} added, or replacing the feature of the same
     * name, with its bundles; the generation is {@code generation() + 1}.
     */
    public SoftwareSet with(Feature feature, List<SetBundle> featureBundles, Instant at) {
        List<Feature> fs = new ArrayList<>();
        for (Feature f : features) {
            if (!f.name().equals(feature.name())) {
                fs.add(f);
            }
        }
        fs.add(feature);
        List<SetBundle> bs = new ArrayList<>();
        for (SetBundle b : bundles) {
            if (!b.feature().equals(feature.name())) {
                bs.add(b);
            }
        }
        bs.addAll(featureBundles);
        return new SoftwareSet(generation + 1, at, fs, bs);
    }

    /** Same content (features and bundles), whatever the generation and time. */
    public boolean sameContent(SoftwareSet other) {
        return new HashSet<>(features).equals(new HashSet<>(other.features))
                && new HashSet<>(bundles).equals(new HashSet<>(other.bundles));
    }

    static String requireToken(String what, String value) {
        if (value == null || !TOKEN.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value + "' must be 1 to 128 characters of A-Z a-z 0-9 . _ + -");
        }
        return value;
    }

    @Override
    public String toString() {
        return "software set " + generation + " " + features;
    }
}
