package io.fums.features.dcu;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.client.TlsContexts;
import io.fums.emulator.broker.BrokerPki;
import io.fums.emulator.console.ConnectionOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The one place that puts a DCU under test, and the console that talks to it,
 * on the emulated cloud's TLS listener with client certificates (SEC-1): the
 * end-to-end tests, the demo and the benchmarks all go through it.
 *
 * <p>A DCU gets a client certificate with CN = its id from the {@link BrokerPki};
 * its cloud link configuration ({@code conf/config/io.fums.cloud.mqtt.json}, a
 * default applied at the first start on a data folder) names the CA, the
 * certificate and the key (mode 0600: the DCU refuses a key others can read).
 */
public final class CloudTls {

    /** The cloud link's configuration file in a DCU's conf folder. */
    public static final String CLOUD_CONFIG = "config/io.fums.cloud.mqtt.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private final BrokerPki pki;
    private final String url;

    /**
     * @param pki the PKI whose CA the broker trusts and whose certificate it serves
     * @param url the broker's TLS listener, {@code ssl://localhost:port}
     */
    public CloudTls(BrokerPki pki, String url) {
        if (!url.startsWith("ssl://")) {
            throw new IllegalArgumentException("a TLS broker URL is ssl://...: " + url);
        }
        this.pki = pki;
        this.url = url;
    }

    /** The broker URL, ssl://. */
    public String url() {
        return url;
    }

    /** The PKI. */
    public BrokerPki pki() {
        return pki;
    }

    /**
     * Writes the DCU's TLS settings (caFile, clientCertFile, clientKeyFile with a certificate for
     * {@code dcuId}) into {@code conf}'s cloud link configuration, keeping the other settings there.
     *
     * @return {@code conf}
     */
    public Path configure(Path conf, String dcuId) throws IOException {
        Path file = conf.resolve(CLOUD_CONFIG);
        Files.createDirectories(file.getParent());
        JsonObject o = Files.exists(file)
                ? JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject()
                : new JsonObject();
        BrokerPki.ClientFiles client = pki.client(dcuId);
        o.addProperty("brokerUrl", url);
        o.addProperty("caFile", pki.caPem().toString());
        o.addProperty("clientCertFile", client.cert().toString());
        o.addProperty("clientKeyFile", client.key().toString());
        Files.writeString(file, GSON.toJson(o) + "\n", StandardCharsets.UTF_8);
        return conf;
    }

    /** The environment of bin/fums-dcu for this DCU: FUMS_DCU_ID and FUMS_MQTT_URL (the ssl:// URL). */
    public Map<String, String> env(String dcuId) {
        return Map.of("FUMS_DCU_ID", dcuId, "FUMS_MQTT_URL", url);
    }

    /** The console's connection: the ssl:// URL, the CA and the console's client certificate. */
    public ConnectionOptions console() {
        BrokerPki.ClientFiles c = pki.console();
        return ConnectionOptions.of(url).tls(pki.caPem(), c.cert(), c.key());
    }

    /** The same as fums-console arguments: {@code -b URL --ca PEM --cert PEM --cert-key PEM}. */
    public List<String> consoleArgs() {
        return new ArrayList<>(console().arguments());
    }

    /** A TLS context for another MQTT client with a certificate of this CA (CN {@code commonName}). */
    public SSLContext clientContext(String commonName) throws FumsException {
        BrokerPki.ClientFiles c = pki.client(commonName);
        return TlsContexts.context(pki.caPem(), c.cert(), c.key());
    }
}
