package io.fums.emulator.meter.net;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.fault.FaultPlan;
import io.fums.emulator.meter.model.MeterModel;
import io.fums.emulator.meter.model.MeterStatus;
import io.fums.emulator.meter.runtime.Population;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Run-time control on a loopback TCP port: one JSON request per line, one
 * JSON response per line ({@code {"ok":true,...}} or
 * {@code {"ok":false,"error":"..."}}). Requests ({@code meter} is an id, a
 * list of ids, or "*"):
 * <pre>
 * {"op":"status"}                                   counts by transfer status and firmware
 * {"op":"status","meter":"m-00001"}                 one meter's {@link MeterStatus}
 * {"op":"faults","meter":"*","faults":{...}}        installs a fault plan (FaultPlan fields)
 * {"op":"power-cut","meter":"m-00001","offMillis":5000}
 * {"op":"button","meter":"m-00001"}                 the consumer presses the disconnect button (class 70 e/f)
 * {"op":"disconnect-mode","meter":"*","mode":1}     sets the disconnect control_mode, 0..6
 * </pre>
 */
public final class ControlServer implements AutoCloseable {

    private static final int MAX_LINE = 64 * 1024;
    private final Population population;
    private final Gson gson;
    private final ServerSocket server;
    private volatile boolean closed;

    /** Listens on {@code port} of the loopback interface (0: any free port). */
    public ControlServer(int port, Population population, Gson gson) throws IOException {
        this.population = population;
        this.gson = gson;
        try {
            this.server = new ServerSocket(port, 8, InetAddress.getLoopbackAddress());
        } catch (java.net.BindException e) {
            java.net.BindException named = new java.net.BindException("control port " + port + ": " + e.getMessage());
            named.initCause(e);
            throw named;
        }
        Thread t = new Thread(this::acceptLoop, "meter control");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "meter control client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                // closed, or a failed accept: go on until closed
            }
        }
    }

    private void serve(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                StandardCharsets.UTF_8)); OutputStream out = s.getOutputStream()) {
            String line;
            while ((line = in.readLine()) != null) {
                String reply = line.length() > MAX_LINE ? error("request too long") : handle(line);
                out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** Handles one request line; returns the response line. */
    public String handle(String line) {
        try {
            JsonObject req = JsonParser.parseString(line).getAsJsonObject();
            String op = req.has("op") ? req.get("op").getAsString() : "";
            return switch (op) {
                case "status" -> req.has("meter") ? status(meters(req.get("meter"))) : summary();
                case "faults" -> {
                    FaultPlan plan = PopulationConfig.parseFaults(req.get("faults"), gson);
                    List<MeterModel> ms = meters(req.get("meter"));
                    ms.forEach(m -> m.faults().install(plan));
                    yield ok("meters", ms.size());
                }
                case "power-cut" -> {
                    long off = req.has("offMillis") ? req.get("offMillis").getAsLong() : 0;
                    List<MeterModel> ms = meters(req.get("meter"));
                    ms.forEach(m -> m.powerCut("control command", off));
                    yield ok("meters", ms.size());
                }
                case "button" -> {
                    List<MeterModel> ms = meters(req.get("meter"));
                    yield ok("changed", (int) ms.stream().filter(MeterModel::pressButton).count());
                }
                case "disconnect-mode" -> {
                    int mode = req.has("mode") ? req.get("mode").getAsInt() : -1;
                    List<MeterModel> ms = meters(req.get("meter"));
                    ms.forEach(m -> m.disconnectMode(mode));
                    yield ok("meters", ms.size());
                }
                default -> error("unknown op '" + op + "': status, faults, power-cut, button, disconnect-mode");
            };
        } catch (RuntimeException e) {
            return error("bad request: " + e.getMessage());
        }
    }

    private List<MeterModel> meters(JsonElement sel) {
        List<MeterModel> out = new ArrayList<>();
        if (sel == null) {
            throw new IllegalArgumentException("no meter given");
        }
        if (sel.isJsonPrimitive() && "*".equals(sel.getAsString())) {
            out.addAll(population.meters());
            return out;
        }
        List<String> ids = new ArrayList<>();
        if (sel.isJsonArray()) {
            sel.getAsJsonArray().forEach(e -> ids.add(e.getAsString()));
        } else {
            ids.add(sel.getAsString());
        }
        for (String id : ids) {
            MeterModel m = population.meter(id);
            if (m == null) {
                throw new IllegalArgumentException("no meter " + id);
            }
            out.add(m);
        }
        return out;
    }

    private String status(List<MeterModel> ms) {
        JsonObject o = new JsonObject();
        o.addProperty("ok", true);
        o.add("meters", gson.toJsonTree(ms.stream().map(MeterModel::status).toList()));
        return gson.toJson(o);
    }

    private String summary() {
        Map<String, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> byFirmware = new TreeMap<>();
        for (MeterModel m : population.meters()) {
            MeterStatus s = m.status();
            byStatus.merge(String.valueOf(s.transferStatus()), 1, Integer::sum);
            byFirmware.merge(s.runningFirmware(), 1, Integer::sum);
        }
        JsonObject o = new JsonObject();
        o.addProperty("ok", true);
        o.addProperty("meters", population.size());
        o.add("transferStatus", gson.toJsonTree(byStatus));
        o.add("firmware", gson.toJsonTree(byFirmware));
        return gson.toJson(o);
    }

    private String ok(String key, int n) {
        JsonObject o = new JsonObject();
        o.addProperty("ok", true);
        o.addProperty(key, n);
        return gson.toJson(o);
    }

    private String error(String message) {
        JsonObject o = new JsonObject();
        o.addProperty("ok", false);
        o.addProperty("error", message);
        return gson.toJson(o);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
