package io.fums.emulator.console.web;

import io.fums.emulator.console.ConsoleException;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The operator's local web console ({@code fums-console serve}): the fleet, the rollouts live, per-DCU drill-down to
 * meter results and the audit trail, and the operator's signed commands (docs/console.md).
 *
 * <pre>{@code
 * try (WebConsole web = WebConsole.builder(ConsoleLink.of(client, key, Duration.ofMinutes(5))).port(0).start()) {
 *     web.url(); // http://127.0.0.1:<port>/
 * }
 * }</pre>
 *
 * <p>It subscribes, with a shared subscription group of its own, to the DCUs' retained states and to their
 * {@code campaign}, {@code meter-result} and {@code alarm} events, and passes every change to the open pages.
 */
public final class WebConsole implements AutoCloseable {

    /** Sets up a web console. */
    public static final class Builder {
        private final ConsoleLink link;
        private String bind = "127.0.0.1";
        private int port = 8080;
        private String advertiseHost;
        private Clock clock = Clock.systemUTC();
        private Duration timeout = Duration.ofSeconds(30);
        private Duration poll = Duration.ofSeconds(10);
        private String group = "fums-web-" + UUID.randomUUID().toString().substring(0, 8);
        private RolloutSource rollouts;
        private RolloutSource fleet;
        private PrintWriter log = new PrintWriter(System.err, true);
        private String version = "fums-console";

        private Builder(ConsoleLink link) {
            this.link = Objects.requireNonNull(link, "link");
        }

        /** Address to listen on (default 127.0.0.1: this machine only). */
        public Builder bind(String value) {
            this.bind = value;
            return this;
        }

        /** Port (default 8080; 0: any free one). */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** The host name in the console's URL, also accepted in requests' Host (default: the bind address). */
        public Builder advertiseHost(String value) {
            this.advertiseHost = value;
            return this;
        }

        /** The clock of the chart's samples. */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** How long a DCU may take to answer (default 30 s). */
        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /** How often the DCUs are asked for their campaigns, beside the events (default 10 s). */
        public Builder poll(Duration value) {
            this.poll = value;
            return this;
        }

        /** The shared subscription group (default: one of this console alone, which receives every event). */
        public Builder group(String value) {
            this.group = value;
            return this;
        }

        /**
         * The rollouts shown (default: the DCUs' campaigns, {@link DcuCampaignRollouts}); the seam where a fleet
         * rollout store plugs in.
         */
        public Builder rollouts(RolloutSource value) {
            this.rollouts = value;
            return this;
        }

        /**
         * The fleet rollouts (io.fums.emulator.console.fleet.FleetRollouts over the console's store), shown before the
         * DCUs' plain campaigns ({@link CombinedRollouts}); ignored when {@link #rollouts} replaces the campaigns.
         */
        public Builder fleet(RolloutSource value) {
            this.fleet = value;
            return this;
        }

        /** Where refused requests are logged (default standard error). */
        public Builder log(PrintWriter value) {
            this.log = value;
            return this;
        }

        /** The version shown on the pages. */
        public Builder version(String value) {
            this.version = value;
            return this;
        }

        /**
         * Subscribes, starts the HTTP server and asks the online DCUs for their campaigns.
         *
         * @throws ConsoleException 3 if the port cannot be listened on or the broker refuses a subscription
         */
        public WebConsole start() throws ConsoleException, InterruptedException {
            WebConsole w = new WebConsole(this);
            try {
                w.begin();
                return w;
            } catch (ConsoleException | InterruptedException | RuntimeException e) {
                w.close();
                throw e;
            }
        }
    }

    /** Starts setting up a web console on a link. */
    public static Builder builder(ConsoleLink link) {
        return new Builder(link);
    }

    private final Builder b;
    private final EventHub hub = new EventHub();
    private final LiveFleet fleet;
    private final DcuCampaignRollouts campaigns;
    private final RolloutSource rollouts;
    private final RolloutSeries series;
    private final WebServer server;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fums-web-poll");
        t.setDaemon(true);
        return t;
    });

    private WebConsole(Builder b) {
        this.b = b;
        this.fleet = new LiveFleet(b.link, b.group, hub);
        this.campaigns = b.rollouts == null ? new DcuCampaignRollouts(b.link, b.group, fleet::online, b.timeout, hub) : null;
        this.rollouts = b.rollouts != null ? b.rollouts : b.fleet != null ? new CombinedRollouts(b.fleet, campaigns)
                : campaigns;
        this.series = new RolloutSeries(b.clock);
        byte[] token = new byte[24];
        new SecureRandom().nextBytes(token);
        this.server = new WebServer(b.bind, b.port, b.advertiseHost != null ? b.advertiseHost : b.bind, hub,
                HexFormat.of().formatHex(token), b.log);
        Api api = new Api(b.link, fleet, rollouts, series, b.timeout, b.version);
        String csrf = HexFormat.of().formatHex(token);
        server.route("GET", "/api/session", (p, r) -> api.session(csrf));
        server.route("GET", "/api/fleet", (p, r) -> api.fleet());
        server.route("GET", "/api/rollouts", (p, r) -> api.rollouts());
        server.route("GET", "/api/rollouts/{id}", (p, r) -> api.rollout(p.get("id")));
        server.route("POST", "/api/rollouts/{id}/{action}", (p, r) -> api.control(p.get("id"), p.get("action"),
                WebServer.body(r)));
        server.route("GET", "/api/dcus/{dcu}", (p, r) -> api.dcu(p.get("dcu")));
        server.route("GET", "/api/dcus/{dcu}/campaigns", (p, r) -> api.campaigns(p.get("dcu")));
        server.route("GET", "/api/dcus/{dcu}/campaigns/{id}", (p, r) -> api.campaign(p.get("dcu"), p.get("id")));
        server.route("GET", "/api/dcus/{dcu}/campaigns/{id}/meters/{meter}", (p, r) -> api.history(p.get("dcu"),
                p.get("id"), p.get("meter")));
        server.route("GET", "/api/dcus/{dcu}/audit", (p, r) -> api.audit(p.get("dcu"),
                org.eclipse.jetty.server.Request.extractQueryParameters(r).getValue("limit")));
    }

    private void begin() throws ConsoleException, InterruptedException {
        rollouts.onChange(r -> {
            RolloutSeries.Sample s = series.record(r);
            com.google.gson.JsonObject o = WebJson.GSON.toJsonTree(r).getAsJsonObject();
            o.add("sample", WebJson.GSON.toJsonTree(s));
            hub.publish("rollout", o);
        });
        fleet.start();
        if (campaigns != null) {
            campaigns.start();
        }
        try {
            server.start();
        } catch (Exception e) {
            throw new ConsoleException(3, "cannot listen on " + b.bind + ":" + b.port + ": " + e.getMessage()
                    + "; give a free port with --http-port", e);
        }
        if (campaigns != null) {
            poller.scheduleWithFixedDelay(this::refresh, 0, b.poll.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void refresh() {
        try {
            campaigns.refresh();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            b.log.println("fums-console serve: asking the DCUs for their campaigns failed: " + e);
            b.log.flush();
        }
    }

    /** Asks the online DCUs for their campaigns now (as the poll does), and returns when they answered. */
    void refreshNow() throws InterruptedException {
        if (campaigns != null) {
            campaigns.refresh();
        }
    }

    /** The console's address, e.g. {@code http://127.0.0.1:8080/}. */
    public String url() {
        return server.url();
    }

    /** The port listened on. */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            server.close();
        } catch (Exception e) {
            b.log.println("fums-console serve: stopping the HTTP server: " + e);
        }
        if (campaigns != null) {
            campaigns.close();
        }
        fleet.close();
    }
}
