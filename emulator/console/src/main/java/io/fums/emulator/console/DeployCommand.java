package io.fums.emulator.console;

import com.google.gson.JsonObject;
import io.fums.cloud.mqtt.client.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Deploys a signed dcu-software package to one or many DCUs: serves the file
 * over HTTP, sends each DCU a signed {@code software.apply} with the URL, the
 * size and the SHA-256, and waits for every result.
 */
@Command(name = "deploy", description = {"Deploy a signed software package (fums-pkg) to one or many DCUs.",
    "The package is served over HTTP from this machine; each DCU downloads it (resuming after a break),",
    "checks the SHA-256 in the signed command, verifies the package and swaps it in or rolls back."})
final class DeployCommand extends DcuRequestCommand {

    static final class Targets {
        @Option(names = {"-d", "--dcu"}, paramLabel = "ID", required = true, description = "a target DCU (repeatable)")
        List<String> dcus;

        @Option(names = "--all", required = true, description = "every DCU that is online now")
        boolean all;
    }

    @Parameters(index = "0", paramLabel = "PACKAGE", description = "the package file")
    Path packageFile;

    @ArgGroup(multiplicity = "1")
    Targets targets;

    @Mixin
    ServeOptions serve;

    @Override
    long defaultTimeoutSeconds() {
        return 900;
    }

    @Override
    void before() throws ConsoleException {
        if (!Files.isRegularFile(packageFile)) {
            throw new ConsoleException(3, "no such package file: " + packageFile);
        }
        key();
    }

    @Override
    int run(ConsoleClient client) throws Exception {
        List<String> dcus = targets.all ? DcusCommand.online(client, 1500) : new ArrayList<>(targets.dcus);
        if (dcus.isEmpty()) {
            err().println(spec.qualifiedName() + ": no DCU is online to deploy to; see fums-console dcus");
            return 1;
        }
        KnownDcus.require(client, dcus);
        Path file = packageFile.toAbsolutePath();
        long size = Files.size(file);
        String sha256 = sha256(file);
        try (PackageServer http = serve.serve(file)) {
            JsonObject body = new JsonObject();
            body.addProperty("url", http.url(file.getFileName().toString()));
            body.addProperty("sha256", sha256);
            body.addProperty("size", size);
            out().println("deploying " + file.getFileName() + " (" + size + " bytes, sha256 " + sha256.substring(0, 16)
                    + "...) to " + dcus.size() + " DCU" + (dcus.size() == 1 ? "" : "s") + " from " + http.url(""));
            Map<String, Response> results = send(client, dcus, "software.apply", Json.GSON.toJson(body), true);
            if (json) {
                return reportAll(results);
            }
            Table t = new Table("DCU", "RESULT", "CODE", "OUTCOME", "FEATURE", "FROM", "TO");
            List<String> failures = new ArrayList<>();
            int rc = 0;
            for (Response r : results.values()) {
                JsonObject d = r.dataObject();
                t.row(r.dcuId(), r.status(), r.code(), DcusCommand.text(d, "outcome"), DcusCommand.text(d, "feature"),
                        DcusCommand.text(d, "fromVersion"), DcusCommand.text(d, "toVersion"));
                rc = Math.max(rc, r.ok() ? 0 : 1);
                if (!r.ok()) {
                    failures.add(r.dcuId() + "  " + failureLine(r));
                }
            }
            t.print(out());
            if (!failures.isEmpty()) {
                out().println(failures.size() + " failed (the trace of each stays in its DCU's log):");
                failures.forEach(f -> out().println("  " + f));
            }
            return rc;
        }
    }

    private static final Pattern EXCEPTION_PREFIX = Pattern.compile("(?:[A-Za-z_$][\\w$]*\\.)*[A-Z][\\w$]*(?:Exception|Error): ");
    private static final Pattern QUALIFIED_CLASS = Pattern.compile("\\b(?:[a-z_][\\w]*\\.)+([A-Z][\\w$]*)\\b");

    /**
     * One line for a failed result: {@code CODE: cause; rolled back to FROM}, for people. The cause is the first line of
     * the DCU's message without exception class names and with simple class names (the trace stays in the DCU's log).
     */
    static String failureLine(Response r) {
        JsonObject d = r.dataObject();
        String message = r.message() == null ? "" : r.message().strip();
        int nl = message.indexOf('\n');
        String cause = nl < 0 ? message : message.substring(0, nl).strip();
        cause = QUALIFIED_CLASS.matcher(EXCEPTION_PREFIX.matcher(cause).replaceAll("")).replaceAll("$1");
        String from = DcusCommand.text(d, "fromVersion");
        String feature = DcusCommand.text(d, "feature");
        String to = DcusCommand.text(d, "toVersion");
        if (feature != null && to != null && cause.startsWith(feature + " " + to + " rolled back: ")) {
            cause = cause.substring((feature + " " + to + " rolled back: ").length());
        }
        StringBuilder b = new StringBuilder(r.code()).append(": ").append(cause.isEmpty() ? "no reason given" : cause);
        if ("ROLLED_BACK".equals(DcusCommand.text(d, "outcome"))) {
            b.append("; rolled back to ").append(from == null || from.equals("-") ? "the previous set" : from);
        }
        return b.toString();
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
