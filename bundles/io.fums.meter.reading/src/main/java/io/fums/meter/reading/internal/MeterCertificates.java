package io.fums.meter.reading.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.DlmsKeys;
import io.fums.meter.reading.internal.Inventory.MeterCertificateRef;
import io.fums.meter.reading.internal.Inventory.MeterEntry;
import io.fums.meter.reading.internal.Inventory.SecuritySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads the certificates the inventory names for its high-ecdsa meters (security suite 1): each file, relative
 * to the inventory's folder, must be a regular file of at most {@value DlmsKeys#MAX_CERTIFICATE} octets holding
 * an X.509 certificate with a P-256 key ({@link DlmsKeys#meterCertificate}). Anything else refuses the whole
 * inventory with {@code CONFIG_INVALID} naming the file and the meter. A certificate outside its validity dates
 * still loads: the DCU refuses to associate with its meter while it is ({@link #refusal}), so that the rest of the
 * inventory keeps working and the meter comes back when a valid certificate is put in place. Stateless.
 */
final class MeterCertificates {

    private MeterCertificates() {
    }

    static Inventory resolve(Inventory inv, Path baseDir, String source) throws FumsException {
        List<MeterEntry> meters = new ArrayList<>(inv.meters().size());
        boolean changed = false;
        for (MeterEntry m : inv.meters()) {
            SecuritySpec s = m.security();
            MeterCertificateRef ref = s.certificate();
            if (ref == null || ref.publicKey() != null) {
                meters.add(m);
                continue;
            }
            Path file = baseDir.resolve(ref.file()).normalize();
            String what = source + ": meter " + m.id() + ": certificate " + file;
            DlmsKeys.MeterCertificate c = DlmsKeys.meterCertificate(read(file, what), what);
            SecuritySpec resolved = new SecuritySpec(s.authentication(), s.password(), s.keys(), s.systemTitle(),
                    s.ciphering(), new MeterCertificateRef(file.toString(), c.publicKey(), c.fingerprint(), c));
            meters.add(new MeterEntry(m.id(), m.deviceType(), m.endpoint(), resolved));
            changed = true;
        }
        return changed ? Inventory.of(inv.links(), meters) : inv;
    }

    private static byte[] read(Path file, String what) throws FumsException {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new FumsException(ErrorCode.CONFIG_INVALID, what + " is not a regular file");
            }
            if (Files.size(file) > DlmsKeys.MAX_CERTIFICATE) {
                throw new FumsException(ErrorCode.CONFIG_INVALID, what + " is larger than "
                        + DlmsKeys.MAX_CERTIFICATE + " octets: not a certificate");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new FumsException(ErrorCode.CONFIG_INVALID, what + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * Why a high-ecdsa meter must not be associated at {@code now} (its certificate is not yet valid, or expired),
     * or null: the meter has no certificate, or it is valid.
     */
    static String refusal(MeterEntry m, Instant now) {
        MeterCertificateRef ref = m.security().certificate();
        if (ref == null || ref.read() == null) {
            return null;
        }
        String why = ref.read().invalidAt(now);
        return why == null ? null : "meter " + m.id() + ": " + why + ": association refused";
    }

    /** Whether the meter's certificate ends within {@code ahead} of {@code now} (false: none, or warning off). */
    static boolean expiresWithin(MeterEntry m, Instant now, Duration ahead) {
        MeterCertificateRef ref = m.security().certificate();
        return ref != null && ref.read() != null && !ahead.isZero()
                && !now.plus(ahead).isBefore(ref.read().notAfter());
    }

    /**
     * For the health check: the meters of {@code meters} whose certificate is not valid at {@code now} or ends within
     * {@code ahead} (the first three named, then a count), or null when there are none.
     */
    static String problems(Collection<MeterEntry> meters, Instant now, Duration ahead) {
        List<String> found = new ArrayList<>();
        int count = 0;
        for (MeterEntry m : meters) {
            String why = refusal(m, now);
            if (why == null && expiresWithin(m, now, ahead)) {
                why = "meter " + m.id() + ": certificate " + m.security().certificate().read().serial() + " ends at "
                        + m.security().certificate().read().notAfter();
            }
            if (why != null && ++count <= 3) {
                found.add(why);
            }
        }
        return count == 0 ? null : String.join("; ", found) + (count > 3 ? "; and " + (count - 3) + " more" : "");
    }
}
