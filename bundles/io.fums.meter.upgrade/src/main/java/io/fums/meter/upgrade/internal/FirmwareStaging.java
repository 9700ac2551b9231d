package io.fums.meter.upgrade.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.PackageKind;
import io.fums.crypto.PackageManifest;
import io.fums.crypto.PayloadInfo;
import io.fums.meter.upgrade.StagedFirmware;
import io.fums.security.PackageIntake;
import io.fums.security.StoredPackage;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import io.fums.store.ImageStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stages meter firmware: the package through the security gate, then one
 * staged firmware per signed content. The identity of staged firmware is the
 * SHA-256 of its signed manifest (which covers the image's hash): a second
 * package file with the same signed manifest (another set of signatures, or
 * any other byte difference the verifier lets through) is the same firmware,
 * so staging it returns the firmware already staged and leaves no second
 * package file in the image store.
 */
final class FirmwareStaging {

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareStaging.class);

    private final PackageIntake intake;
    private final CampaignStore store;
    private final ImageStore images;
    private final AuditLog audit;
    private final Clock clock;

    FirmwareStaging(PackageIntake intake, CampaignStore store, ImageStore images, AuditLog audit, Clock clock) {
        this.intake = intake;
        this.store = store;
        this.images = images;
        this.audit = audit;
        this.clock = clock;
    }

    StagedFirmware stage(Path packageFile, String channel) throws FumsException {
        StoredPackage stored = intake.take(packageFile, PackageKind.METER_FIRMWARE, null, null, channel);
        PackageManifest m = stored.verified().manifest();
        if (m.payloads().size() != 1) {
            audit.append(AuditEvent.builder("meter-upgrade", "firmware.stage").refused(ErrorCode.PKG_MANIFEST_INVALID)
                    .subject(stored.packageSha256()).detail("payloads", m.payloads().size()).build());
            throw new FumsException(ErrorCode.PKG_MANIFEST_INVALID, "a meter-firmware package carries exactly one image, this one "
                    + m.payloads().size());
        }
        PayloadInfo image = m.payloads().get(0);
        StagedFirmware f = new StagedFirmware(stored.packageSha256(), m.name(), m.version(), m.vendor(), m.compatibleDeviceTypes(),
                m.prerequisites(), image.sha256(), image.size(), clock.instant().truncatedTo(ChronoUnit.MILLIS),
                m.component());
        String manifestSha256 = stored.verified().manifestSha256();
        CampaignStore.Staged staged = store.stage(f, manifestSha256);
        StagedFirmware kept = staged.firmware();
        if (!kept.packageSha256().equals(f.packageSha256()) && !store.isStagedPackage(f.packageSha256())) {
            try {
                images.delete(f.packageSha256());
            } catch (FumsException e) {
                LOG.warn("duplicate package {} of firmware {} stays in the image store: {}", f.packageSha256(),
                        kept.packageSha256(), e.toString());
            }
        }
        audit.append(AuditEvent.builder("meter-upgrade", "firmware.stage").subject(kept.packageSha256())
                .detail("version", kept.version().toString()).detail("component", kept.component().id())
                .detail("channel", channel)
                .detail("manifestSha256", manifestSha256).detail("alreadyStaged", staged.before())
                .detail("packageFileSha256", f.packageSha256()).build());
        return kept;
    }
}
