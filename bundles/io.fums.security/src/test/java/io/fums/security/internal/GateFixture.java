package io.fums.security.internal;

import io.fums.api.device.DeviceId;
import io.fums.api.device.DeviceType;
import io.fums.api.firmware.FirmwareVersion;
import io.fums.crypto.KeyRole;
import io.fums.crypto.PackageKind;
import io.fums.crypto.PackageManifest;
import io.fums.crypto.PayloadInfo;
import io.fums.crypto.ReleaseNotes;
import io.fums.crypto.SignatureAlgorithm;
import io.fums.crypto.TrustStore;
import io.fums.crypto.TrustedKey;
import io.fums.crypto.command.CommandLimits;
import io.fums.crypto.command.DefaultCommandVerifier;
import io.fums.crypto.pkg.DefaultPackageVerifier;
import io.fums.crypto.sign.EcKeys;
import io.fums.crypto.sign.KeyRing;
import io.fums.crypto.pkg.ManifestCodec;
import io.fums.crypto.pkg.PackageLimits;
import io.fums.crypto.pkg.SignatureFile;
import io.fums.crypto.sign.SigningKey;
import io.fums.crypto.sign.TrustSource;
import io.fums.crypto.pkg.ZipArchiveWriter;
import io.fums.security.CommandGuard;
import io.fums.security.Guards;
import io.fums.security.PackageIntake;
import io.fums.store.AuditLog;
import io.fums.store.ClosableDatabase;
import io.fums.store.ImageStore;
import io.fums.store.NonceRegistry;
import io.fums.store.Stores;
import java.lang.reflect.Proxy;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.osgi.framework.BundleContext;

/**
 * The real gate on real parts: SQLite audit log and nonce registry, file
 * image store, Bouncy Castle verifiers over a test trust store; and the
 * packages, good and hostile, to feed it. The audit log and the nonce
 * registry are the store's own implementations (io.fums.store.Stores, the
 * default nonce grace), the command guard is the DS component constructed the
 * way SCR constructs it, all on one injected clock (the DCU's wall clock service).
 */
final class GateFixture implements AutoCloseable {

    static final DeviceType METER = DeviceType.of("ACME-E350");
    static final DeviceId DCU = DeviceId.of("dcu-0042");

    final SigningKey vendor;
    final SigningKey utility;
    final SigningKey operator;
    final SigningKey stranger;
    /** A second operator (dual control, SEC-4). */
    final SigningKey operator2;
    final Path dir;
    final Clock clock;
    final ClosableDatabase db;
    final AuditLog audit;
    final ImageStore images;
    final NonceRegistry nonces;
    final byte[] image;

    GateFixture(Path dir, Clock clock) throws Exception {
        this.dir = dir;
        this.clock = clock;
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
        r.setSeed(42);
        vendor = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, r);
        utility = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, r);
        operator = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, r);
        stranger = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, r);
        operator2 = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, r);
        db = Stores.openDatabase(dir.resolve("data"), clock);
        audit = Stores.auditLog(db, clock);
        nonces = Stores.nonceRegistry(db, clock, Stores.DEFAULT_NONCE_GRACE);
        images = Stores.imageStore(dir.resolve("data"));
        image = new byte[48 * 1024];
        new Random(7).nextBytes(image);
    }

    TrustStore trust() {
        return new TrustStore(List.of(trusted(vendor, KeyRole.VENDOR), trusted(utility, KeyRole.UTILITY),
                trusted(operator, KeyRole.OPERATOR), trusted(operator2, KeyRole.OPERATOR)), Map.of(), Set.of());
    }

    private static TrustedKey trusted(SigningKey k, KeyRole role) {
        return new TrustedKey(k.keyId(), role, k.algorithm(), k.publicKey().pem(), role.id());
    }

    /** The bundle's intake, built the way other modules build it outside OSGi ({@link Guards}). */
    PackageIntake intake(TrustStore store) throws Exception {
        return Guards.packageIntake(new DefaultPackageVerifier(TrustSource.fixed(KeyRing.of(store)), PackageLimits.DEFAULTS),
                images, audit, dir.resolve("data/intake"), 16L << 20);
    }

    /** The guard component for {@link #DCU} (default configuration: 2 minutes of clock skew) on the fixture's clock. */
    CommandGuard guard() throws Exception {
        return new CommandGuardComponent(context(Map.of(SecurityConfig.DCU_ID_PROPERTY, DCU.toString())),
                defaults(SecurityConfig.class),
                new DefaultCommandVerifier(TrustSource.fixed(KeyRing.of(trust())), CommandLimits.DEFAULTS), nonces, audit, clock);
    }

    /** A configuration annotation with its default values, as SCR makes it without a configuration. */
    static <A> A defaults(Class<A> type) {
        return type.cast(Proxy.newProxyInstance(GateFixture.class.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("annotationType")) {
                return type;
            }
            Object d = method.getDefaultValue();
            if (d == null) {
                throw new UnsupportedOperationException(method.getName());
            }
            return d;
        }));
    }

    /** A bundle context whose framework properties are {@code properties}; nothing else works. */
    static BundleContext context(Map<String, String> properties) {
        return (BundleContext) Proxy.newProxyInstance(GateFixture.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getProperty")) {
                        return properties.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    PackageManifest manifest(String version, long size, String sha) {
        return new PackageManifest(1, PackageKind.METER_FIRMWARE, "acme-e350-fw", FirmwareVersion.parse(version), "ACME Metering",
                List.of(METER), Map.of(), new ReleaseNotes(List.of("new tariff"), List.of("clock drift")),
                List.of(new PayloadInfo("firmware/image.bin", size, sha)), Instant.parse("2026-11-01T00:00:00Z"), false);
    }

    /** A package: the given manifest bytes, signatures by (key, claimed role), and entries written as given. */
    Path assemble(String name, byte[] manifest, List<Map.Entry<SigningKey, KeyRole>> signers, Map<String, byte[]> entries)
            throws Exception {
        Path out = dir.resolve(name);
        Files.deleteIfExists(out);
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            ZipArchiveWriter w = new ZipArchiveWriter(ch);
            w.addBytes("manifest.json", manifest);
            List<SignatureFile> sigs = new java.util.ArrayList<>();
            for (Map.Entry<SigningKey, KeyRole> s : signers) {
                sigs.add(SignatureFile.sign(s.getKey(), s.getValue(), manifest));
            }
            sigs.sort(java.util.Comparator.comparing(SignatureFile::entryName));
            for (SignatureFile sig : sigs) {
                w.addBytes(sig.entryName(), sig.toBytes());
            }
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                w.addBytes(e.getKey(), e.getValue());
            }
            w.finish();
        }
        return out;
    }

    List<Map.Entry<SigningKey, KeyRole>> bothRoles() {
        return List.of(Map.entry(vendor, KeyRole.VENDOR), Map.entry(utility, KeyRole.UTILITY));
    }

    byte[] manifestBytes(String version) throws Exception {
        return ManifestCodec.write(manifest(version, image.length, sha256(image)));
    }

    Path good(String version) throws Exception {
        return assemble("good-" + version + ".zip", manifestBytes(version), bothRoles(), Map.of("firmware/image.bin", image));
    }

    /** The manifest with one field removed ({@code value} null) or replaced, signed validly. */
    Path editedManifest(String name, String field, String value) throws Exception {
        com.google.gson.JsonObject json = com.google.gson.JsonParser.parseString(
                new String(manifestBytes("2.0.0"), StandardCharsets.UTF_8)).getAsJsonObject();
        if (!json.has(field)) {
            throw new IllegalStateException("manifest has no field " + field + ": " + json);
        }
        if (value == null) {
            json.remove(field);
        } else {
            json.addProperty(field, value);
        }
        byte[] edited = json.toString().getBytes(StandardCharsets.UTF_8);
        return assemble(name, edited, bothRoles(), Map.of("firmware/image.bin", image));
    }

    @Override
    public void close() throws Exception {
        db.close();
    }
}
