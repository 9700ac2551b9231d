package io.fums.tools.pkg;

import io.fums.api.device.DeviceId;
import io.fums.api.error.FumsException;
import io.fums.crypto.VerifiedCommand;
import io.fums.crypto.command.CommandLimits;
import io.fums.crypto.command.DefaultCommandVerifier;
import io.fums.crypto.sign.TrustSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Verifies a command envelope as a DCU does (without the replay check). */
@Command(name = "verify-command", description = {"Verify a signed command envelope as a DCU does.",
    "Checks signature, target and validity period; the nonce replay check is the DCU's and is not done here."})
final class VerifyCommandCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ENVELOPE")
    Path envelope;

    @Option(names = "--trust-store", required = true, paramLabel = "FILE")
    Path trustStore;

    @Option(names = "--dcu", required = true, paramLabel = "DCU-ID", description = "the DCU id to verify for")
    String dcu;

    @Option(names = "--skew", defaultValue = "60", paramLabel = "SECONDS", description = "tolerated clock skew (default 60)")
    long skew;

    @Option(names = "--now", paramLabel = "TIME", description = "verify as of this RFC 3339 UTC time (default: now)")
    Instant now;

    @Override
    public Integer call() throws Exception {
        byte[] bytes = CliFiles.read(envelope, CommandLimits.DEFAULTS.maxEnvelopeBytes());
        PrintWriter o = spec.commandLine().getOut();
        TrustSource trust = TrustSource.fixed(CliFiles.trustStore(trustStore));
        try {
            DefaultCommandVerifier v = new DefaultCommandVerifier(trust, CommandLimits.DEFAULTS);
            VerifiedCommand c = v.verify(bytes, DeviceId.of(dcu), now == null ? Instant.now() : now, Duration.ofSeconds(skew));
            o.println("OK " + c.operation() + " for " + c.targetDcuId());
            o.println("signed by:  " + c.keyId());
            if (!c.cosignerKeyIds().isEmpty()) {
                o.println("co-signed:  " + String.join(", ", c.cosignerKeyIds()) + " (distinct signers: "
                        + c.signerKeyIds().size() + ")");
            }
            o.println("issued:     " + c.issuedAt());
            o.println("expires:    " + c.expiresAt());
            o.println("nonce:      " + c.nonce() + " (keep until " + c.retainNonceUntil() + ")");
            o.println("body:       " + c.bodyJson());
            return FumsPkg.OK;
        } catch (FumsException e) {
            o.println("REFUSED " + e.code().name() + ": " + e.getMessage());
            return FumsPkg.REFUSED;
        }
    }
}
