package io.fums.tools.pkg;

import io.fums.crypto.command.CommandCodec;
import io.fums.crypto.command.CommandLimits;
import io.fums.crypto.command.CommandSigner;
import io.fums.crypto.sign.SigningKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Adds a second operator's co-signature to a command envelope (dual control, SEC-4). */
@Command(name = "cosign-command", description = {"Add an operator's co-signature to a signed command envelope.",
    "The co-signature covers the same signed bytes; operations under dual control (meters.disconnect) need one",
    "by a second operator. Read what you approve first: fums-pkg verify-command ENVELOPE ..."})
final class CosignCommandCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ENVELOPE", description = "the envelope the first operator signed")
    Path envelope;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "the co-signing operator's private key (PEM)")
    Path key;

    @Option(names = "--out", paramLabel = "FILE", description = "write the co-signed envelope here (default: standard output)")
    Path out;

    @Override
    public Integer call() throws Exception {
        SigningKey k = CliFiles.signingKey(key);
        String text = new String(CliFiles.read(envelope, CommandLimits.DEFAULTS.maxEnvelopeBytes()), StandardCharsets.UTF_8);
        String cosigned = CommandSigner.cosign(k, text);
        CommandCodec.Payload p = CommandCodec.parsePayload(CommandCodec.parseEnvelope(
                cosigned.getBytes(StandardCharsets.UTF_8)).payload());
        if (out == null) {
            spec.commandLine().getOut().print(cosigned);
        } else {
            CliFiles.write(out, cosigned.getBytes(StandardCharsets.UTF_8), true);
            spec.commandLine().getOut().println("co-signed " + p.operation() + " for " + p.targetDcuId() + " by " + k.keyId()
                    + ", body " + CommandCodec.compact(p.body()) + ": " + out);
        }
        return FumsPkg.OK;
    }
}
