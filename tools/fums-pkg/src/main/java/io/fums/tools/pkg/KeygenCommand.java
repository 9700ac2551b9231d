package io.fums.tools.pkg;

import io.fums.crypto.SignatureAlgorithm;
import io.fums.crypto.sign.EcKeys;
import io.fums.crypto.sign.SigningKey;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Generates a key pair. */
@Command(name = "keygen", description = {"Generate an ECDSA key pair: <out>.key.pem (PKCS#8, owner-only) and <out>.pub.pem.",
    "Prints the key id (first 16 hex digits of the SHA-256 of the public key's DER SubjectPublicKeyInfo)."})
final class KeygenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "PREFIX", description = "path prefix of the two files, e.g. keys/vendor")
    String out;

    @Option(names = "--curve", defaultValue = "P-256", paramLabel = "CURVE", description = "P-256 (default) or P-384")
    String curve;

    @Option(names = "--force", description = "replace existing files")
    boolean force;

    @Override
    public Integer call() throws Exception {
        SignatureAlgorithm alg = SignatureAlgorithm.forCurve(curve);
        SigningKey key = EcKeys.generate(alg, new SecureRandom());
        Path priv = Path.of(out + ".key.pem");
        Path pub = Path.of(out + ".pub.pem");
        Path folder = priv.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder);
            spec.commandLine().getErr().println("created folder " + folder);
        }
        CliFiles.writePrivate(priv, EcKeys.privateKeyPem(key).getBytes(StandardCharsets.US_ASCII), force);
        CliFiles.write(pub, key.publicKey().pem().getBytes(StandardCharsets.US_ASCII), force);
        PrintWriter o = spec.commandLine().getOut();
        o.println("key id:      " + key.keyId());
        o.println("algorithm:   " + alg.id());
        o.println("private key: " + priv + " (keep it secret)");
        o.println("public key:  " + pub);
        return FumsPkg.OK;
    }
}
