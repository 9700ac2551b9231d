package io.fums.tools.pkg;

import com.google.gson.JsonObject;
import io.fums.api.device.DeviceId;
import io.fums.crypto.command.CommandCodec;
import io.fums.crypto.command.CommandLimits;
import io.fums.crypto.command.CommandSigner;
import io.fums.crypto.sign.SigningKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Signs an operator command. */
@Command(name = "sign-command", description = {"Produce a signed command envelope (JSON) with an operator key.",
    "The signed bytes are the compact payload JSON, carried base64 in the envelope."})
final class SignCommandCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "the operator's private key (PEM)")
    Path key;

    @Option(names = "--operation", required = true, description = "e.g. deploy, firmware.stage, campaign.start, disconnect")
    String operation;

    @Option(names = "--target", required = true, paramLabel = "DCU-ID", description = "the DCU the command is for")
    String target;

    @Option(names = "--body", paramLabel = "JSON", description = "the operation's parameters, a JSON object (default {})")
    String body;

    @Option(names = "--body-file", paramLabel = "FILE", description = "read the body from a file")
    Path bodyFile;

    @Option(names = "--ttl", defaultValue = "300", paramLabel = "SECONDS", description = "validity from issue time, at most 3600 (default 300)")
    long ttl;

    @Option(names = "--issued-at", paramLabel = "TIME", description = "issue time, RFC 3339 UTC (default: now)")
    Instant issuedAt;

    @Option(names = "--nonce", description = "16 to 128 characters of A-Z a-z 0-9 _ - (default: 128 random bits)")
    String nonce;

    @Option(names = "--out", paramLabel = "FILE", description = "write the envelope here (default: standard output)")
    Path out;

    @Override
    public Integer call() throws Exception {
        SigningKey k = CliFiles.signingKey(key);
        if (body != null && bodyFile != null) {
            throw new IllegalArgumentException("give --body or --body-file, not both");
        }
        byte[] bodyBytes = bodyFile != null ? CliFiles.read(bodyFile, 60 * 1024)
                : (body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8);
        JsonObject b = CommandCodec.parseBody(bodyBytes);
        Instant issued = issuedAt == null ? Instant.now().truncatedTo(ChronoUnit.SECONDS) : issuedAt;
        long max = CommandLimits.DEFAULTS.maxLifetime().toSeconds();
        if (ttl < 1 || ttl > max) {
            throw new IllegalArgumentException("--ttl " + ttl + ": DCUs accept 1 to " + max + " s (their longest command "
                    + "lifetime); give 1 to " + max);
        }
        String n = nonce != null ? nonce : CommandSigner.newNonce(new SecureRandom());
        String envelope = CommandSigner.sign(k, operation, DeviceId.of(target), issued, issued.plusSeconds(ttl), n, b);
        if (out == null) {
            spec.commandLine().getOut().print(envelope);
        } else {
            CliFiles.write(out, envelope.getBytes(StandardCharsets.UTF_8), true);
            spec.commandLine().getOut().println("wrote " + operation + " for " + target + " signed by " + k.keyId()
                    + ", nonce " + n + ", expires " + issued.plusSeconds(ttl) + ": " + out);
        }
        return FumsPkg.OK;
    }
}
