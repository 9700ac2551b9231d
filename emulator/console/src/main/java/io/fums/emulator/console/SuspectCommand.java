package io.fums.emulator.console;

import picocli.CommandLine.Command;

/**
 * {@code meters clear-suspect DCU METER} (SEC-8): an operator who looked at
 * a meter an anomaly alarm marked suspect clears the mark with a signed
 * {@code meters.clear-suspect}, so that campaigns include the meter again.
 */
@Command(name = "clear-suspect", description = {"Clear a meter's suspect mark (one operator signature): campaigns skip a",
    "suspect meter (METER_SUSPECT) until this is done. Audited on the DCU with the operator's key id."})
final class SuspectCommand extends SupplyCommands.OneMeter {

    @Override
    void before() throws ConsoleException {
        key();
    }

    @Override
    int run(ConsoleClient client) throws Exception {
        Response r = sendOne(client, dcu, "meters.clear-suspect", SupplyCommands.body(meterId), true);
        if (!json && r.ok() && r.message() != null) {
            out().println(r.message());
        }
        return report(r);
    }
}
