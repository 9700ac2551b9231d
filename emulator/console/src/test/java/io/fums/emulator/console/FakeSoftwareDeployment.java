package io.fums.emulator.console;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.api.software.SoftwareSet;
import io.fums.crypto.PackageKind;
import io.fums.crypto.PackageVerifier;
import io.fums.crypto.VerifiedPackage;
import io.fums.crypto.VerifyOptions;
import io.fums.deploy.InstalledBundle;
import io.fums.deploy.SoftwareDeployment;
import io.fums.deploy.SwapOutcome;
import io.fums.deploy.SwapRecord;
import io.fums.deploy.SwapResult;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A software deployment without a framework: packages are verified for real
 * (signatures, thresholds, hashes) and their feature's version becomes the
 * committed one, as a successful swap would make it; "swaps" are recorded.
 */
final class FakeSoftwareDeployment implements SoftwareDeployment {

    private final PackageVerifier verifier;
    private final AuditLog audit;
    private final List<Map<String, String>> sets = new ArrayList<>();
    private final List<SwapRecord> history = new ArrayList<>();
    final AtomicInteger applied = new AtomicInteger();

    FakeSoftwareDeployment(PackageVerifier verifier, AuditLog audit) {
        this.verifier = verifier;
        this.audit = audit;
        sets.add(new LinkedHashMap<>());
    }

    @Override
    public synchronized SoftwareSet committed() {
        List<SoftwareSet.Feature> features = new ArrayList<>();
        current().forEach((n, v) -> features.add(new SoftwareSet.Feature(n, v)));
        return new SoftwareSet(sets.size() - 1, Instant.now(), features, List.of());
    }

    @Override
    public synchronized List<InstalledBundle> bundles() {
        List<InstalledBundle> out = new ArrayList<>();
        out.add(new InstalledBundle("io.fums.cloud.mqtt", "0.1.0.SNAPSHOT", "ACTIVE", 10, "base"));
        current().forEach((n, v) -> out.add(new InstalledBundle("io.fums.demo." + n, v, "ACTIVE", 20, n)));
        return out;
    }

    @Override
    public synchronized SwapResult apply(Path packageFile) throws FumsException {
        VerifiedPackage p;
        try {
            p = verifier.verify(packageFile, VerifyOptions.none().expectKind(PackageKind.DCU_SOFTWARE));
        } catch (FumsException e) {
            audit.append(AuditEvent.builder("system", "software.apply").refused(e.code()).subject(packageFile.toString()).build());
            throw e;
        }
        String name = p.manifest().name();
        String to = p.manifest().version().toString();
        String from = current().getOrDefault(name, "-");
        Map<String, String> next = new LinkedHashMap<>(current());
        next.put(name, to);
        sets.add(next);
        applied.incrementAndGet();
        return record(name, from, to, SwapOutcome.COMMITTED, "swapped in " + name + " " + to);
    }

    @Override
    public synchronized SwapResult rollback() throws FumsException {
        if (sets.size() < 2) {
            throw new FumsException(ErrorCode.SWAP_NOTHING_TO_ROLL_BACK, "no previous software set");
        }
        Map<String, String> before = current();
        sets.remove(sets.size() - 1);
        sets.add(new LinkedHashMap<>(sets.get(sets.size() - 1)));
        return record("*", before.toString(), current().toString(), SwapOutcome.COMMITTED, "rolled back");
    }

    @Override
    public synchronized List<SwapRecord> history(int limit) {
        List<SwapRecord> out = new ArrayList<>(history);
        java.util.Collections.reverse(out);
        return out.subList(0, Math.min(limit, out.size()));
    }

    private Map<String, String> current() {
        return sets.get(sets.size() - 1);
    }

    private SwapResult record(String feature, String from, String to, SwapOutcome outcome, String message)
            throws FumsException {
        String tx = UUID.randomUUID().toString();
        Instant now = Instant.now();
        history.add(new SwapRecord(tx, now, now, feature, from, to, outcome, null, message));
        audit.append(AuditEvent.builder("system", "software.swap").subject(feature).detail("to", to).build());
        return new SwapResult(tx, outcome, feature, from, to, sets.size() - 1, null, message, 1);
    }
}
