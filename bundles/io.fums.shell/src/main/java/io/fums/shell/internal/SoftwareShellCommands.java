package io.fums.shell.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.deploy.SoftwareDeployment;
import io.fums.deploy.SwapResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * software list, history, rollback, and install: the DCU's own software. {@code install} hands a package file to
 * {@link SoftwareDeployment#apply}, the same verification (signatures, hashes, compatibility, anti-rollback),
 * transaction and audit as a package the cloud sends; the shell adds its own audit entry with the technician.
 */
final class SoftwareShellCommands {

    private final Supplier<SoftwareDeployment> deployment;

    SoftwareShellCommands(Supplier<SoftwareDeployment> deployment) {
        this.deployment = deployment;
    }

    List<Command> commands() {
        return List.of(
                Command.readOnly("software list", "the committed software set and every bundle with its state",
                        "software list", "software list", 0, 0, a -> new SoftwareCommands(service()).software()),
                Command.readOnly("software history", "the last swaps (default 20), newest first",
                        "software history [count]", "software history 5", 0, 1, a -> history(a.arg(0))),
                Command.changing("software rollback", "swap back to the previous committed software set",
                        "software rollback", "software rollback", 0, 0, a -> swapped(service().rollback())),
                Command.changing("install", "verify and install a signed DCU software package from a local file "
                        + "(as a cloud deploy: same checks, same audit)",
                        "install <package-file>", "install /media/usb/fums-leaf-2.0.0.zip", 1, 1, a -> install(a)));
    }

    private SoftwareDeployment service() throws FumsException {
        return Services.need(deployment, "the software deployer");
    }

    private String history(String count) throws FumsException {
        int n = 20;
        if (count != null) {
            try {
                n = Integer.parseInt(count);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > 1000) {
                throw new FumsException(ErrorCode.CMD_MALFORMED, "count must be a whole number 1..1000, not '" + count
                        + "'; usage: software history [count]");
            }
        }
        return new SoftwareCommands(service()).history(n) + "\n";
    }

    private String install(Args a) throws FumsException {
        String file = a.arg(0);
        Path path = Path.of(file);
        if (!path.isAbsolute()) {
            throw new FumsException(ErrorCode.CMD_MALFORMED, "give the package's absolute path (the DCU does not know "
                    + "your working folder), e.g. install /media/usb/fums-leaf-2.0.0.zip");
        }
        if (!Files.isRegularFile(path)) {
            throw new FumsException(ErrorCode.ARTIFACT_UNAVAILABLE, "no such file: " + file);
        }
        if (!Files.isReadable(path)) {
            throw new FumsException(ErrorCode.ARTIFACT_UNAVAILABLE, file + " cannot be read by the DCU's user; "
                    + "copy it somewhere the service user can read (e.g. chmod a+r)");
        }
        String sha256 = sha256(path);
        a.auditDetail("sha256", sha256);
        return swapped(service().apply(path)) + "package sha256 " + sha256 + "\n";
    }

    private static String swapped(SwapResult r) throws FumsException {
        String text = SoftwareCommands.describe(r) + "\n";
        if (!r.committed()) {
            throw new FumsException(r.code() == null ? ErrorCode.SWAP_FAILED : r.code(), text.strip());
        }
        return text;
    }

    private static String sha256(Path file) throws FumsException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new FumsException(ErrorCode.ARTIFACT_UNAVAILABLE, file + " cannot be read: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new FumsException(ErrorCode.INTERNAL, "no SHA-256 in this JVM", e);
        }
    }
}
