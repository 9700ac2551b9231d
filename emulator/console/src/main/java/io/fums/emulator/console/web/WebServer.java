package io.fums.emulator.console.web;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.http.pathmap.UriTemplatePathSpec;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.PathMappingsHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The web console's HTTP server (Jetty 12, core handlers): the pages and their assets from the jar (Chart.js from its
 * webjar), the JSON API of {@link Api}, and the live updates ({@code /api/events}, Server-Sent Events from
 * {@link EventHub}).
 *
 * <p>Defences: requests whose {@code Host} is not this server's own name are refused (DNS rebinding); request bodies
 * are limited to {@link #MAX_BODY} octets; a command ({@code POST}) must be JSON, carry the session's CSRF token in
 * {@code X-Fums-Csrf} and, when the browser says where it comes from, be same-origin; every page is served with a
 * Content-Security-Policy that allows scripts, styles and connections to this server only, and the pages write every
 * value as text (never as HTML). A refused request is answered {@code {"error", "message"}}, changes nothing and is
 * logged.
 */
final class WebServer implements AutoCloseable {

    static final int MAX_BODY = 16 * 1024;
    static final String CSRF_HEADER = "X-Fums-Csrf";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String STATIC = "/io/fums/emulator/console/web/static/";
    private static final String CHART_JS = "/META-INF/resources/webjars/chart.js/" + chartVersion() + "/dist/chart.umd.js";

    /** An API call: path parameters and the request; answers a JSON object. */
    @FunctionalInterface
    interface Route {
        JsonObject answer(Map<String, String> params, Request request) throws ApiError, InterruptedException, IOException;
    }

    private record Asset(String type, byte[] bytes) {
    }

    private final Server server;
    private final ServerConnector connector;
    private final PathMappingsHandler routes = new PathMappingsHandler();
    private final Map<String, Asset> assets = new LinkedHashMap<>();
    private final EventHub hub;
    private final String csrf;
    private final PrintWriter log;
    private final String bind;
    private final String advertiseHost;
    private volatile Set<String> hosts = Set.of();

    /**
     * @param bind          address to listen on
     * @param port          port (0: any free one)
     * @param advertiseHost another name this server may be reached by (accepted in {@code Host})
     * @param hub           the live updates
     * @param csrf          the session's token that commands must carry
     * @param log           where refusals are written
     */
    WebServer(String bind, int port, String advertiseHost, EventHub hub, String csrf, PrintWriter log) {
        this.hub = hub;
        this.csrf = csrf;
        this.log = log;
        this.bind = bind;
        this.advertiseHost = advertiseHost;
        QueuedThreadPool pool = new QueuedThreadPool(EventHub.MAX_CLIENTS + 16, 4);
        pool.setName("fums-web");
        pool.setDaemon(true);
        server = new Server(pool);
        connector = new ServerConnector(server, 1, 1);
        connector.getConnectionFactory(org.eclipse.jetty.server.HttpConnectionFactory.class).getHttpConfiguration()
                .setSendServerVersion(false);
        connector.setHost(bind);
        connector.setPort(port);
        server.addConnector(connector);
        SizeLimitHandler limit = new SizeLimitHandler(MAX_BODY, -1);
        limit.setHandler(new Guard(routes));
        server.setHandler(limit);
        page("/", "index.html");
        page("/index.html", "index.html");
        page("/rollout.html", "rollout.html");
        page("/dcu.html", "dcu.html");
        for (String name : new String[] {"app.css", "common.js", "fleet.js", "rollout.js", "dcu.js"}) {
            asset("/static/" + name, STATIC + name);
        }
        asset("/vendor/chart.umd.js", CHART_JS);
        routes.addMapping(PathSpec.from("/api/events"), new Sse());
    }

    private static String chartVersion() {
        java.util.Properties p = new java.util.Properties();
        try (InputStream in = WebServer.class.getResourceAsStream(
                "/META-INF/maven/org.webjars.npm/chart.js/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("Chart.js (org.webjars.npm:chart.js) is not on the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private void page(String path, String file) {
        asset(path, STATIC + file);
    }

    private void asset(String path, String resource) {
        Asset a = assets.computeIfAbsent(resource, r -> new Asset(type(r), read(r)));
        routes.addMapping(PathSpec.from(path), new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
                    error(request, response, callback, new ApiError(405, "METHOD_NOT_ALLOWED", "only GET here"));
                    return true;
                }
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, a.type());
                response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
                response.write(true, java.nio.ByteBuffer.wrap(a.bytes()), callback);
                return true;
            }
        });
    }

    private static String type(String resource) {
        String r = resource.toLowerCase(Locale.ROOT);
        return r.endsWith(".html") ? "text/html;charset=utf-8" : r.endsWith(".css") ? "text/css;charset=utf-8"
                : "text/javascript;charset=utf-8";
    }

    private static byte[] read(String resource) {
        try (InputStream in = WebServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds an API call ({@code /api/dcus/{dcu}} style template) answering one method. */
    void route(String method, String template, Route route) {
        UriTemplatePathSpec spec = new UriTemplatePathSpec(template);
        routes.addMapping(spec, new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                try {
                    if (!request.getMethod().equals(method)) {
                        throw new ApiError(405, "METHOD_NOT_ALLOWED", "only " + method + " here");
                    }
                    Map<String, String> params = spec.getPathParams(request.getHttpURI().getDecodedPath());
                    JsonObject answer = route.answer(params == null ? Map.of() : params, request);
                    json(response, callback, 200, answer);
                } catch (ApiError e) {
                    error(request, response, callback, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    error(request, response, callback, new ApiError(503, "STOPPING", "the console is stopping"));
                } catch (IOException | RuntimeException e) {
                    error(request, response, callback, new ApiError(e instanceof IOException ? 400 : 500,
                            e instanceof IOException ? "BODY_UNREADABLE" : "INTERNAL", String.valueOf(e.getMessage())));
                }
                return true;
            }
        });
    }

    /** A request body as text (at most {@link #MAX_BODY} octets: a larger one fails). */
    static String body(Request request) throws IOException {
        return Content.Source.asString(request, StandardCharsets.UTF_8);
    }

    void start() throws Exception {
        server.start();
        int port = connector.getLocalPort();
        Set<String> h = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : new String[] {bind, advertiseHost, "127.0.0.1", "localhost", "[::1]"}) {
            h.add(name + ":" + port);
        }
        hosts = h;
    }

    int port() {
        return connector.getLocalPort();
    }

    /** The console's address, e.g. {@code http://127.0.0.1:8080/}. */
    String url() {
        return "http://" + advertiseHost + ":" + port() + "/";
    }

    private static void json(Response response, Callback callback, int status, JsonObject body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, WebJson.GSON.toJson(body), callback);
    }

    private void error(Request request, Response response, Callback callback, ApiError e) {
        if (e.status() != 404) {
            log.println("fums-console serve: " + request.getMethod() + " " + request.getHttpURI().getPath() + " from "
                    + remote(request) + " refused: " + e.status() + " " + e.code() + ": " + e.getMessage());
            log.flush();
        }
        JsonObject o = new JsonObject();
        o.addProperty("error", e.code());
        o.addProperty("message", e.getMessage());
        json(response, callback, e.status(), o);
    }

    private static String remote(Request request) {
        return request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress() : "?";
    }

    /** Host check, security headers and the command checks, before any route. */
    private final class Guard extends Handler.Wrapper {
        Guard(Handler next) {
            super(next);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            response.getHeaders().put("Content-Security-Policy", CSP);
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            response.getHeaders().put("X-Frame-Options", "DENY");
            response.getHeaders().put("Referrer-Policy", "no-referrer");
            String host = request.getHeaders().get(HttpHeader.HOST);
            if (host == null || !hosts.contains(host)) {
                error(request, response, callback, new ApiError(421, "HOST_REFUSED", "this console answers to "
                        + hosts + " only, not to Host " + host));
                return true;
            }
            if (request.getMethod().equals("POST")) {
                ApiError refused = commandRefusal(request, host);
                if (refused != null) {
                    error(request, response, callback, refused);
                    return true;
                }
            }
            if (!super.handle(request, response, callback)) {
                error(request, response, callback, ApiError.notFound("nothing at " + request.getHttpURI().getPath()));
            }
            return true;
        }

        private ApiError commandRefusal(Request request, String host) {
            String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                return new ApiError(415, "CONTENT_TYPE", "a command is a JSON body (Content-Type: application/json)");
            }
            String origin = request.getHeaders().get(HttpHeader.ORIGIN);
            if (origin != null && !origin.equalsIgnoreCase("http://" + host)) {
                return new ApiError(403, "ORIGIN_REFUSED", "a command must come from this console's own pages, not from "
                        + origin);
            }
            String site = request.getHeaders().get("Sec-Fetch-Site");
            if (site != null && !site.equals("same-origin")) {
                return new ApiError(403, "ORIGIN_REFUSED", "a command must come from this console's own pages (Sec-Fetch-Site "
                        + site + ")");
            }
            String token = request.getHeaders().get(CSRF_HEADER);
            if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                    csrf.getBytes(StandardCharsets.UTF_8))) {
                return new ApiError(403, "CSRF_INVALID", "a command must carry this session's token in " + CSRF_HEADER
                        + " (reload the page)");
            }
            return null;
        }
    }

    /** {@code GET /api/events}: the live updates, until the page goes away or the console stops. */
    private final class Sse extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (!request.getMethod().equals("GET")) {
                error(request, response, callback, new ApiError(405, "METHOD_NOT_ALLOWED", "only GET here"));
                return true;
            }
            EventHub.Client client = hub.join();
            if (client == null) {
                error(request, response, callback, new ApiError(503, "TOO_MANY_PAGES", "at most " + EventHub.MAX_CLIENTS
                        + " pages follow the live updates at once"));
                return true;
            }
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
                out.write("retry: 2000\n: live\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                while (!hub.closed() && server.isRunning()) {
                    String text = client.next(10_000);
                    out.write((text == null ? ": keep-alive\n\n" : text).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                callback.succeeded();
            } catch (IOException | EventHub.Overflow e) {
                // the page went away, or fell behind: its EventSource reconnects
                callback.failed(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                callback.succeeded();
            } finally {
                hub.leave(client);
            }
            return true;
        }
    }

    @Override
    public void close() throws Exception {
        hub.close();
        server.stop();
    }
}
