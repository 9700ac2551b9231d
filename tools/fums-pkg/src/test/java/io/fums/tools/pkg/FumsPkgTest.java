package io.fums.tools.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in-process: the vendor -> utility -> DCU workflow, exit codes and output. */
class FumsPkgTest {

    record Result(int code, String out, String err) {
    }

    @TempDir
    Path dir;

    private Path ts;
    private Path pkg;

    private static final String TEMPLATE = "{\n"
            + "  \"formatVersion\": 1,\n"
            + "  \"kind\": \"meter-firmware\",\n"
            + "  \"name\": \"acme-e350-fw\",\n"
            + "  \"version\": \"2.5.0\",\n"
            + "  \"vendor\": \"ACME Metering\",\n"
            + "  \"compatibleDeviceTypes\": [\"ACME-E350\", \"ACME-E360\"],\n"
            + "  \"prerequisites\": {\"ACME-E360\": \"2.0.0\"},\n"
            + "  \"releaseNotes\": {\"newFunctions\": [\"15-minute load profile\"], \"fixedProblems\": [\"Clock drift\"]}\n"
            + "}\n";

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FumsPkg.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    private Result ok(String... args) {
        Result r = run(args);
        assertThat(r.code()).as("exit code of %s: %s %s", String.join(" ", args), r.out(), r.err()).isZero();
        return r;
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    @BeforeEach
    void vendorBuildsSignsAndUtilityApproves() throws Exception {
        for (String who : new String[] {"vendor", "utility", "operator"}) {
            assertThat(ok("keygen", "--out", p(who)).out()).containsPattern("key id: +[0-9a-f]{16}");
        }
        ts = dir.resolve("truststore.json");
        ok("truststore", "init", ts.toString());
        ok("truststore", "add", ts.toString(), "--role", "vendor", "--public-key", p("vendor.pub.pem"), "--label", "ACME");
        ok("truststore", "add", ts.toString(), "--role", "utility", "--public-key", p("utility.pub.pem"));
        ok("truststore", "add", ts.toString(), "--role", "operator", "--public-key", p("operator.pub.pem"));
        Files.writeString(dir.resolve("manifest.json"), TEMPLATE);
        Files.write(dir.resolve("image.bin"), new byte[5000]);
        pkg = dir.resolve("acme-2.5.0.zip");
        assertThat(ok("build", "--manifest", p("manifest.json"), "--payload", p("image.bin") + "=firmware/image.bin",
                "--out", pkg.toString()).out()).contains("payload:      firmware/image.bin  5000 bytes");
        Result unsigned = run("verify", pkg.toString(), "--trust-store", ts.toString());
        assertThat(unsigned.code()).isEqualTo(FumsPkg.REFUSED);
        assertThat(unsigned.out()).startsWith("REFUSED PKG_THRESHOLD_NOT_MET: role vendor");
        assertThat(ok("sign", pkg.toString(), "--key", p("vendor.key.pem")).out()).contains("signed as vendor");
        assertThat(ok("approve", pkg.toString(), "--key", p("utility.key.pem"), "--trust-store", ts.toString()).out())
                .contains("vendor signature(s) OK", "approved as utility");
    }

    @Test
    @Tag("SM-11")
    @Tag("UC-3")
    void verifyPrintsOkWithDetails() {
        Result r = ok("verify", pkg.toString(), "--trust-store", ts.toString(), "--device-type", "ACME-E350", "--installed-version", "2.4.1");
        assertThat(r.out()).startsWith("OK acme-e350-fw 2.5.0").contains("vendor keys:", "utility keys:",
                "installed 2.4.1 -> 2.5.0", "firmware/image.bin  5000 bytes");
    }

    @Test
    @Tag("SM-11")
    @Tag("UC-1")
    void verifyRefusesWithTheCodeAndExitOne() {
        Result down = run("verify", pkg.toString(), "--trust-store", ts.toString(), "--installed-version", "2.5.0");
        assertThat(down.code()).isEqualTo(1);
        assertThat(down.out()).startsWith("REFUSED PKG_DOWNGRADE:");
        Result other = run("verify", pkg.toString(), "--trust-store", ts.toString(), "--device-type", "OTHER-1");
        assertThat(other.out()).startsWith("REFUSED PKG_INCOMPATIBLE:");
        Result prereq = run("verify", pkg.toString(), "--trust-store", ts.toString(), "--device-type", "ACME-E360",
                "--installed-version", "1.0");
        assertThat(prereq.out()).startsWith("REFUSED PKG_PREREQUISITE:");
    }

    @Test
    @Tag("SM-11")
    @Tag("UC-3")
    void aTamperedPackageIsRefused() throws Exception {
        byte[] b = Files.readAllBytes(pkg);
        b[b.length - 200] ^= 0x10;
        Files.write(pkg, b);
        Result r = run("verify", pkg.toString(), "--trust-store", ts.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).matches("(?s)REFUSED PKG_[A-Z_]+: .*");
    }

    @Test
    @Tag("SEC-3")
    void revokingTheVendorKeyOrRaisingAThresholdRefusesThePackage() throws Exception {
        String vendorId = ok("truststore", "list", ts.toString()).out().lines().filter(l -> l.contains("vendor")).findFirst()
                .orElseThrow().substring(0, 16);
        ok("truststore", "threshold", ts.toString(), "--role", "utility", "--count", "2");
        assertThat(run("verify", pkg.toString(), "--trust-store", ts.toString()).out()).startsWith("REFUSED PKG_THRESHOLD_NOT_MET");
        ok("truststore", "threshold", ts.toString(), "--role", "utility", "--count", "1");
        ok("truststore", "revoke", ts.toString(), "--key-id", vendorId);
        assertThat(ok("truststore", "list", ts.toString()).out()).contains("REVOKED", "revoked:    " + vendorId);
        Result r = run("verify", pkg.toString(), "--trust-store", ts.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).startsWith("REFUSED PKG_SIGNER_REVOKED");
    }

    @Test
    @Tag("UC-1")
    void inspectShowsManifestReleaseNotesAndSignaturesUnverified() {
        Result r = ok("inspect", pkg.toString());
        assertThat(r.out()).contains("NOT VERIFIED", "acme-e350-fw 2.5.0 (meter-firmware)", "needs first:  ACME-E360 >= 2.0.0",
                "  - 15-minute load profile", "  - Clock drift", "claims role vendor", "claims role utility");
        assertThat(ok("inspect", pkg.toString(), "--json").out()).startsWith("{\n  \"formatVersion\": 1,");
    }

    @Test
    @Tag("SM-11")
    void approveChecksTheVendorFirst() throws Exception {
        Path unsigned = dir.resolve("unsigned.zip");
        ok("build", "--manifest", p("manifest.json"), "--payload", p("image.bin"), "--out", unsigned.toString());
        Result noStore = run("approve", unsigned.toString(), "--key", p("utility.key.pem"));
        assertThat(noStore.code()).isEqualTo(FumsPkg.USAGE);
        Result refused = run("approve", unsigned.toString(), "--key", p("utility.key.pem"), "--trust-store", ts.toString());
        assertThat(refused.code()).isEqualTo(FumsPkg.REFUSED);
        assertThat(refused.err()).contains("REFUSED PKG_THRESHOLD_NOT_MET");
    }

    @Test
    @Tag("SEC-3")
    @Tag("SEC-4")
    void signCommandProducesAnEnvelopeTheDcuAccepts() throws Exception {
        Path env = dir.resolve("cmd.json");
        ok("sign-command", "--key", p("operator.key.pem"), "--operation", "disconnect", "--target", "DCU-0042",
                "--body", "{\"meter\":\"MTR-1\"}", "--ttl", "120", "--out", env.toString());
        assertThat(Files.readString(env)).contains("\"keyId\"", "\"payload\"", "\"sig\"", "\"alg\": \"ECDSA-P256-SHA256\"");
        assertThat(ok("verify-command", env.toString(), "--trust-store", ts.toString(), "--dcu", "DCU-0042").out())
                .startsWith("OK disconnect for DCU-0042").contains("{\"meter\":\"MTR-1\"}");
        Result wrong = run("verify-command", env.toString(), "--trust-store", ts.toString(), "--dcu", "DCU-0043");
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.out()).startsWith("REFUSED CMD_WRONG_TARGET");
        Result late = run("verify-command", env.toString(), "--trust-store", ts.toString(), "--dcu", "DCU-0042",
                "--now", "2099-01-01T00:00:00Z");
        assertThat(late.out()).startsWith("REFUSED CMD_EXPIRED");
        String stdout = ok("sign-command", "--key", p("operator.key.pem"), "--operation", "deploy", "--target", "DCU-0042").out();
        assertThat(stdout).startsWith("{").contains("\"formatVersion\": 1");
    }

    @Test
    @Tag("SEC-4")
    void sec4CosignCommandAddsASecondOperatorsSignatureOverTheSameBytes() throws Exception {
        ok("keygen", "--out", p("operator2"));
        ok("truststore", "add", ts.toString(), "--role", "operator", "--public-key", p("operator2.pub.pem"));
        Path once = dir.resolve("once.json");
        ok("sign-command", "--key", p("operator.key.pem"), "--operation", "meters.disconnect", "--target", "DCU-0042",
                "--body", "{\"meterId\":\"m-1\"}", "--out", once.toString());
        Path twice = dir.resolve("twice.json");
        assertThat(ok("cosign-command", once.toString(), "--key", p("operator2.key.pem"), "--out", twice.toString()).out())
                .contains("co-signed meters.disconnect for DCU-0042").contains("{\"meterId\":\"m-1\"}");
        assertThat(Files.readString(twice)).contains("\"cosignatures\"");
        assertThat(ok("verify-command", twice.toString(), "--trust-store", ts.toString(), "--dcu", "DCU-0042").out())
                .contains("co-signed:").contains("(distinct signers: 2)");
        assertThat(ok("verify-command", once.toString(), "--trust-store", ts.toString(), "--dcu", "DCU-0042").out())
                .doesNotContain("co-signed:");
        Files.writeString(dir.resolve("junk.json"), "{\"formatVersion\":1}");
        assertThat(run("cosign-command", p("junk.json"), "--key", p("operator2.key.pem")).code()).isEqualTo(FumsPkg.REFUSED);
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run().code()).isEqualTo(2);
        assertThat(run("verify").code()).isEqualTo(2);
        assertThat(run("keygen", "--out", p("x"), "--curve", "P-521").code()).isEqualTo(2);
        assertThat(run("frobnicate").code()).isEqualTo(2);
        assertThat(run("verify", pkg.toString(), "--trust-store", ts.toString(), "--installed-version", "latest").code()).isEqualTo(2);
        assertThat(run("sign", pkg.toString(), "--key", p("vendor.pub.pem")).err()).contains("invalid private key");
        assertThat(ok("--help").out()).contains("Exit codes:", "keygen", "sign-command");
    }

    @Test
    void ioErrorsExitThree() {
        Result missing = run("verify", p("missing.zip"), "--trust-store", ts.toString());
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).contains("no such file");
        Result exists = run("keygen", "--out", p("vendor"));
        assertThat(exists.code()).isEqualTo(3);
        assertThat(exists.err()).contains("--force");
        assertThat(run("inspect", p("missing.zip")).code()).isEqualTo(3);
    }

    @Test
    @Tag("SEC-1")
    void p384KeysWorkAndPrivateKeysAreOwnerOnly() throws Exception {
        ok("keygen", "--out", p("vendor384"), "--curve", "P-384");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("vendor384.key.pem")))).isEqualTo("rw-------");
        ok("truststore", "add", ts.toString(), "--role", "vendor", "--public-key", p("vendor384.pub.pem"));
        ok("sign", pkg.toString(), "--key", p("vendor384.key.pem"));
        assertThat(ok("truststore", "list", ts.toString()).out()).contains("ECDSA-P384-SHA384");
        assertThat(ok("verify", pkg.toString(), "--trust-store", ts.toString()).out()).startsWith("OK");
    }
}
