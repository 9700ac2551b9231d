package io.fums.tools.pkg;

import io.fums.crypto.KeyRole;
import io.fums.crypto.TrustStore;
import io.fums.crypto.TrustedKey;
import io.fums.crypto.sign.EcKeys;
import io.fums.crypto.sign.EcPublicKey;
import io.fums.crypto.sign.KeyRing;
import io.fums.crypto.sign.TrustStoreCodec;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Trust store helpers. */
@Command(name = "truststore", description = "Create and edit a trust store (keys with roles, thresholds, revocations).",
        subcommands = {TruststoreCommand.Init.class, TruststoreCommand.Add.class, TruststoreCommand.Revoke.class,
            TruststoreCommand.Threshold.class, TruststoreCommand.ListKeys.class})
final class TruststoreCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a truststore command is required");
    }

    static KeyRole role(String name) {
        return KeyRole.fromId(name.toLowerCase(Locale.ROOT));
    }

    static void save(Path file, TrustStore store, PrintWriter o) throws Exception {
        byte[] bytes = TrustStoreCodec.write(store);
        TrustStoreCodec.parse(bytes);
        CliFiles.write(file, bytes, true);
        o.println("wrote " + file + ": " + store.keys().size() + " key(s), thresholds vendor " + store.threshold(KeyRole.VENDOR)
                + " utility " + store.threshold(KeyRole.UTILITY) + ", " + store.revoked().size() + " revoked");
    }

    @Command(name = "init", description = "Create an empty trust store (thresholds vendor 1, utility 1).")
    static final class Init implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "TRUSTSTORE")
        Path file;
        @Option(names = "--force", description = "replace an existing file")
        boolean force;

        @Override
        public Integer call() throws Exception {
            CliFiles.write(file, TrustStoreCodec.write(TrustStore.empty()), force);
            spec.commandLine().getOut().println("created empty trust store " + file);
            return FumsPkg.OK;
        }
    }

    @Command(name = "add", description = "Add a public key with its role (vendor, utility or operator).")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "TRUSTSTORE")
        Path file;
        @Option(names = "--role", required = true, description = "vendor, utility or operator")
        String role;
        @Option(names = "--public-key", required = true, paramLabel = "FILE", description = "the public key (PEM)")
        Path publicKey;
        @Option(names = "--label", defaultValue = "", description = "who holds the key, for people")
        String label;

        @Override
        public Integer call() throws Exception {
            KeyRing ring = CliFiles.trustStore(file);
            EcPublicKey key;
            try {
                key = EcKeys.readPublicKeyPem(new String(CliFiles.read(publicKey, 16 * 1024), StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid public key " + publicKey + ": " + e.getMessage(), e);
            }
            TrustedKey k = new TrustedKey(key.keyId(), role(role), key.algorithm(), key.pem(), label);
            save(file, ring.store().withKey(k), spec.commandLine().getOut());
            spec.commandLine().getOut().println("added " + k.role().id() + " key " + k.keyId() + " (" + k.algorithm().id() + ")");
            return FumsPkg.OK;
        }
    }

    @Command(name = "revoke", description = "Revoke a key id: every signature by it is refused from now on.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "TRUSTSTORE")
        Path file;
        @Option(names = "--key-id", required = true, paramLabel = "KEYID")
        String keyId;
        @Option(names = "--force", description = "revoke a key id that is not in the trust store (e.g. a stolen key "
                + "never added)")
        boolean force;

        @Override
        public Integer call() throws Exception {
            TrustStore store = CliFiles.trustStore(file).store();
            if (store.keys().stream().noneMatch(k -> k.keyId().equals(keyId)) && !force) {
                throw new IllegalArgumentException("no key " + keyId + " in " + file + " (keys: " + (store.keys().isEmpty()
                        ? "none" : String.join(", ", store.keys().stream().map(TrustedKey::keyId).toList()))
                        + "); check the id with 'fums-pkg truststore list', or give --force to revoke an id not in it");
            }
            save(file, store.withRevoked(keyId), spec.commandLine().getOut());
            spec.commandLine().getOut().println("revoked " + keyId);
            return FumsPkg.OK;
        }
    }

    @Command(name = "threshold", description = "Set how many valid signatures a role (vendor or utility) must provide.")
    static final class Threshold implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "TRUSTSTORE")
        Path file;
        @Option(names = "--role", required = true, description = "vendor or utility")
        String role;
        @Option(names = "--count", required = true, description = "1 to 16")
        int count;

        @Override
        public Integer call() throws Exception {
            save(file, CliFiles.trustStore(file).store().withThreshold(role(role), count), spec.commandLine().getOut());
            return FumsPkg.OK;
        }
    }

    @Command(name = "list", description = "Show the keys, thresholds and revocations.")
    static final class ListKeys implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "TRUSTSTORE")
        Path file;

        @Override
        public Integer call() throws Exception {
            TrustStore s = CliFiles.trustStore(file).store();
            PrintWriter o = spec.commandLine().getOut();
            for (TrustedKey k : s.keys()) {
                o.printf("%s  %-8s  %-17s  %s%s%n", k.keyId(), k.role().id(), k.algorithm().id(), k.label(),
                        s.isRevoked(k.keyId()) ? "  REVOKED" : "");
            }
            o.println("thresholds: vendor " + s.threshold(KeyRole.VENDOR) + ", utility " + s.threshold(KeyRole.UTILITY));
            o.println("revoked:    " + (s.revoked().isEmpty() ? "(none)" : String.join(", ", s.revoked())));
            return FumsPkg.OK;
        }
    }
}
