package io.fums.emulator.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The deploy result table's one line per failure (issue 18): the code and the cause, the rollback's version, no
 * trace, no exception class names (the DCU's log keeps the trace). The messages are the DCU's own (DemoIT, 7.3).
 */
@Tag("UMS-3")
class DeployFailureLineTest {

    private static Response response(String code, String message, String data) {
        return new Response("DCU-0042", "failed", code, message, JsonParser.parseString(data));
    }

    @Test
    void aFailedSwapIsOneLineWithItsCodeCauseAndRollback() {
        Response r = response("SWAP_START_FAILED", "leaf 2.0.0 rolled back: component io.fums.test.leaf.internal.LeafComponent"
                + " of io.fums.test.leaf failed to activate: java.lang.IllegalStateException: leaf 2.0.0 refuses to activate\n"
                + "\tat io.fums.test.leaf.internal.LeafComponent.activate(LeafComponent.java:27)",
                "{\"outcome\":\"ROLLED_BACK\",\"feature\":\"leaf\",\"fromVersion\":\"1.0.0\",\"toVersion\":\"2.0.0\"}");
        assertThat(DeployCommand.failureLine(r)).isEqualTo("SWAP_START_FAILED: component LeafComponent of io.fums.test.leaf"
                + " failed to activate: leaf 2.0.0 refuses to activate; rolled back to 1.0.0");
    }

    @Test
    void aRefusalBeforeAnyChangeSaysNoRollback() {
        Response r = new Response("DCU-0042", "refused", "ARTIFACT_UNAVAILABLE",
                "artifact download from http://10.0.0.5:8080/x.zip refused: HTTP 404", null);
        assertThat(DeployCommand.failureLine(r)).isEqualTo(
                "ARTIFACT_UNAVAILABLE: artifact download from http://10.0.0.5:8080/x.zip refused: HTTP 404");
        Response unhealthy = response("SWAP_UNHEALTHY", "the new set did not become healthy in 30 s: rolled back",
                "{\"outcome\":\"ROLLED_BACK\",\"feature\":\"fums-demo\",\"fromVersion\":\"-\",\"toVersion\":\"1.2.0\"}");
        assertThat(DeployCommand.failureLine(unhealthy))
                .isEqualTo("SWAP_UNHEALTHY: the new set did not become healthy in 30 s: rolled back; rolled back to the previous set");
    }
}
