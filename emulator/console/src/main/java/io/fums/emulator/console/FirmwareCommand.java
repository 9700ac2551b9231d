package io.fums.emulator.console;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.fums.cloud.mqtt.client.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Meter firmware on a DCU: stage a package (signed), list the staged ones. */
@Command(name = "firmware", description = "Stage meter-firmware packages on a DCU and list them.",
        subcommands = {FirmwareCommand.Stage.class, FirmwareCommand.ListStaged.class})
final class FirmwareCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "give a subcommand: stage or list");
    }

    @Command(name = "stage", description = {"Stage a signed meter-firmware package (fums-pkg) on a DCU.",
        "The package is served over HTTP from this machine; the DCU downloads it (resuming after a break),",
        "checks the SHA-256 in the signed command and takes it through its security gate.",
        "Campaigns then name it by its package SHA-256."})
    static final class Stage extends DcuRequestCommand {
        @Parameters(index = "0", paramLabel = "DCU", description = "the DCU id")
        String dcu;

        @Parameters(index = "1", paramLabel = "PACKAGE", description = "the package file (.zip)")
        Path packageFile;

        @Mixin
        ServeOptions serve;

        @Override
        long defaultTimeoutSeconds() {
            return 600;
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
            Path file = packageFile.toAbsolutePath();
            long size = Files.size(file);
            String sha256 = DeployCommand.sha256(file);
            try (PackageServer http = serve.serve(file)) {
                JsonObject body = new JsonObject();
                body.addProperty("url", http.url(file.getFileName().toString()));
                body.addProperty("sha256", sha256);
                body.addProperty("size", size);
                if (!json) {
                    out().println("staging " + file.getFileName() + " (" + size + " bytes, sha256 " + sha256 + ") on " + dcu
                            + " from " + http.url(""));
                }
                Response r = sendOne(client, dcu, "firmware.stage", Json.GSON.toJson(body), true);
                if (json || !r.ok()) {
                    return report(r);
                }
                out().println(dcu + ": " + r.message());
                CampaignTables.firmware(List.of(r.dataObject())).print(out());
                return 0;
            }
        }
    }

    @Command(name = "list", description = "List the meter-firmware packages staged on a DCU, newest first.")
    static final class ListStaged extends DcuRequestCommand {
        @Parameters(index = "0", paramLabel = "DCU", description = "the DCU id")
        String dcu;

        @Override
        int run(ConsoleClient client) throws Exception {
            Response r = sendOne(client, dcu, "firmware.list", "{}", false);
            if (json || !r.ok()) {
                return report(r);
            }
            List<JsonObject> packages = new ArrayList<>();
            for (JsonElement e : r.dataObject().getAsJsonArray("firmware")) {
                packages.add(e.getAsJsonObject());
            }
            CampaignTables.firmware(packages).print(out());
            return 0;
        }
    }
}
