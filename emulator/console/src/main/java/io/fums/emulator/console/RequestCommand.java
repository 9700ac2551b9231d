package io.fums.emulator.console;

import com.google.gson.JsonParser;
import io.fums.cloud.mqtt.client.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Sends any operation: for operations without a dedicated command yet, and for testing refusals. */
@Command(name = "request", description = {"Send any operation to a DCU and print the response as JSON.",
    "State-changing operations need --sign."})
final class RequestCommand extends DcuRequestCommand {

    @Parameters(index = "0", paramLabel = "DCU", description = "the DCU id")
    String dcu;

    @Parameters(index = "1", paramLabel = "OPERATION", description = "e.g. software.list, audit.query")
    String operation;

    @Option(names = "--body", defaultValue = "{}", description = "the body, a JSON object (default: {})")
    String body;

    @Option(names = "--sign", description = "sign the command with the operator key")
    boolean sign;

    @Override
    void before() throws ConsoleException {
        json = true;
        try {
            body = Json.GSON.toJson(JsonParser.parseString(body).getAsJsonObject());
        } catch (RuntimeException e) {
            throw new ConsoleException(2, "--body is not a JSON object (" + ConsoleErrors.jsonProblem(e)
                    + "); give e.g. '{\"limit\":10}'");
        }
        if (sign) {
            key();
        }
    }

    @Override
    int run(ConsoleClient client) throws Exception {
        return report(sendOne(client, dcu, operation, body, sign));
    }
}
