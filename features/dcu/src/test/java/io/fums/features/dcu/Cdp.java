package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fums.testsupport.Conditions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * Headless Chromium (Debian package 'chromium', installed by .ci/run) driven over the Chrome DevTools Protocol with
 * the JDK's WebSocket client: navigate, evaluate JavaScript, click, take screenshots, and collect every console
 * error, uncaught exception and browser log error (a Content-Security-Policy violation, a failed load) of the page.
 * One page; its own profile folder; the process is ended by {@link #close()}.
 */
final class Cdp implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private final Process process;
    private WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    /** Starts Chromium with a window of {@code width} x {@code height} and attaches to its page. */
    Cdp(Path work, int width, int height) throws Exception {
        assertThat(CHROMIUM).as("Chromium (Debian package 'chromium', installed by .ci/run)").isExecutable();
        Path profile = Files.createDirectories(work.resolve("chromium-profile"));
        process = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=" + width + "," + height,
                "about:blank").redirectErrorStream(true).redirectOutput(work.resolve("chromium.log").toFile()).start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            Conditions.await("Chromium's DevTools port", Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2);
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
            HttpClient http = HttpClient.newHttpClient();
            String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String ws = null;
            for (JsonElement t : JsonParser.parseString(list).getAsJsonArray()) {
                if ("page".equals(t.getAsJsonObject().get("type").getAsString())) {
                    ws = t.getAsJsonObject().get("webSocketDebuggerUrl").getAsString();
                }
            }
            assertThat(ws).as("a page target in %s", list).isNotNull();
            socket = http.newWebSocketBuilder().buildAsync(URI.create(ws), new Listener()).get(30, TimeUnit.SECONDS);
            send("Runtime.enable", new JsonObject());
            send("Log.enable", new JsonObject());
            send("Page.enable", new JsonObject());
            JsonObject metrics = new JsonObject();
            metrics.addProperty("width", width);
            metrics.addProperty("height", height);
            metrics.addProperty("deviceScaleFactor", 1);
            metrics.addProperty("mobile", false);
            send("Emulation.setDeviceMetricsOverride", metrics);
        } catch (Exception | AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Sends a command and waits for its result. */
    JsonObject send(String method, JsonObject params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonObject> f = new CompletableFuture<>();
        pending.put(id, f);
        JsonObject m = new JsonObject();
        m.addProperty("id", id);
        m.addProperty("method", method);
        m.add("params", params);
        socket.sendText(m.toString(), true).get(30, TimeUnit.SECONDS);
        JsonObject answer = f.get(60, TimeUnit.SECONDS);
        assertThat(answer.has("error")).as("%s: %s", method, answer).isFalse();
        return answer.getAsJsonObject("result");
    }

    /** Opens a URL and waits until the document is loaded. */
    void open(String url) throws Exception {
        JsonObject p = new JsonObject();
        p.addProperty("url", url);
        send("Page.navigate", p);
        Conditions.await("page " + url + " loaded", Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> "complete".equals(evalString("document.readyState"))
                        && url.equals(evalString("location.href")));
    }

    /** Evaluates an expression (awaiting a promise) and returns its value as JSON (null for undefined). */
    JsonElement eval(String expression) throws Exception {
        JsonObject p = new JsonObject();
        p.addProperty("expression", expression);
        p.addProperty("returnByValue", true);
        p.addProperty("awaitPromise", true);
        JsonObject r = send("Runtime.evaluate", p);
        assertThat(r.has("exceptionDetails")).as("%s threw %s", expression, r).isFalse();
        return r.getAsJsonObject("result").get("value");
    }

    /** Evaluates an expression to a string (null if it is null or undefined). */
    String evalString(String expression) throws Exception {
        JsonElement v = eval(expression);
        return v == null || v.isJsonNull() ? null : v.getAsString();
    }

    /** The page as a PNG (the window's size), written to {@code png} and returned. */
    BufferedImage screenshot(Path png) throws Exception {
        JsonObject p = new JsonObject();
        p.addProperty("format", "png");
        byte[] bytes = Base64.getDecoder().decode(send("Page.captureScreenshot", p).get("data").getAsString());
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, bytes);
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    /** Console errors, uncaught exceptions and browser log errors seen so far. */
    List<String> errors() {
        return new ArrayList<>(errors);
    }

    private void receive(String text) {
        JsonObject m = JsonParser.parseString(text).getAsJsonObject();
        if (m.has("id")) {
            CompletableFuture<JsonObject> f = pending.remove(m.get("id").getAsInt());
            if (f != null) {
                f.complete(m);
            }
            return;
        }
        String method = m.has("method") ? m.get("method").getAsString() : "";
        JsonObject params = m.has("params") ? m.getAsJsonObject("params") : new JsonObject();
        switch (method) {
            case "Runtime.consoleAPICalled" -> {
                String type = params.get("type").getAsString();
                if (type.equals("error") || type.equals("assert")) {
                    errors.add("console." + type + ": " + args(params.getAsJsonArray("args")));
                }
            }
            case "Runtime.exceptionThrown" -> errors.add("exception: " + params.getAsJsonObject("exceptionDetails"));
            case "Log.entryAdded" -> {
                JsonObject e = params.getAsJsonObject("entry");
                if ("error".equals(e.get("level").getAsString())) {
                    errors.add("log: " + e.get("text").getAsString() + (e.has("url") ? " (" + e.get("url").getAsString()
                            + ")" : ""));
                }
            }
            default -> {
                // other events are not needed
            }
        }
    }

    private static String args(JsonArray args) {
        List<String> out = new ArrayList<>();
        for (JsonElement a : args) {
            JsonObject o = a.getAsJsonObject();
            out.add(o.has("value") ? o.get("value").toString() : o.has("description") ? o.get("description").getAsString()
                    : o.toString());
        }
        return String.join(" ", out);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder part = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            part.append(data);
            if (last) {
                String text = part.toString();
                part.setLength(0);
                receive(text);
            }
            ws.request(1);
            return null;
        }
    }

    @Override
    public void close() throws Exception {
        if (socket != null) {
            socket.abort();
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
