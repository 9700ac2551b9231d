package io.fums.emulator.meter.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Sends one control request to a running emulator and prints the response. */
@Command(name = "control", mixinStandardHelpOptions = true,
        description = "Send a JSON control request, e.g. '{\"op\":\"faults\",\"meter\":\"meter-00001\","
                + "\"faults\":{\"failSelfCheck\":true}}' or '{\"op\":\"status\"}'.")
final class ControlCommand implements Callable<Integer> {

    @Option(names = "--port", required = true, description = "the emulator's control port")
    int port;

    @Parameters(paramLabel = "JSON", description = "the request")
    String request;

    @Override
    public Integer call() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write((request.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String reply = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            System.out.println(reply);
            return reply != null && reply.contains("\"ok\":true") ? 0 : 1;
        }
    }
}
