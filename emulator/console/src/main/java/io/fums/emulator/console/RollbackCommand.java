package io.fums.emulator.console;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Rolls DCUs back to their previous committed software set (signed). */
@Command(name = "rollback", description = "Roll DCUs back to their previous committed software set.")
final class RollbackCommand extends DcuRequestCommand {

    @Parameters(arity = "1..*", paramLabel = "DCU", description = "the DCU ids")
    List<String> dcus;

    @Override
    long defaultTimeoutSeconds() {
        return 600;
    }

    @Override
    void before() throws ConsoleException {
        key();
    }

    @Override
    int run(ConsoleClient client) throws Exception {
        Map<String, Response> results = send(client, dcus, "software.rollback", "{}", true);
        if (json) {
            return reportAll(results);
        }
        Table t = new Table("DCU", "RESULT", "CODE", "GENERATION", "MESSAGE");
        int rc = 0;
        for (Response r : results.values()) {
            JsonObject d = r.dataObject();
            t.row(r.dcuId(), r.status(), r.code(), DcusCommand.text(d, "generation"), r.message());
            rc = Math.max(rc, r.ok() ? 0 : 1);
        }
        t.print(out());
        return rc;
    }
}
