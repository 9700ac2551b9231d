package io.fums.cloud.mqtt.client;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** The one form of a broker URL that the DCU's cloud link and a head-end accept. */
public final class BrokerUrls {

    private BrokerUrls() {
    }

    /**
     * Normalises a broker URL: {@code mqtt://} to {@code tcp://}, {@code mqtts://}
     * to {@code ssl://}, the default port (1883, 8883) made explicit.
     *
     * @param source where the value came from (a property, an option), for the message
     * @throws FumsException {@code CONFIG_INVALID} for anything but scheme, host and port
     */
    public static String normalise(String value, String source) throws FumsException {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw invalid(source + " '" + value + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls;
        switch (scheme) {
            case "tcp", "mqtt" -> tls = false;
            case "ssl", "mqtts" -> tls = true;
            default -> throw invalid(source + " '" + value + "': the scheme must be tcp://, ssl://, mqtt:// or mqtts://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid(source + " '" + value + "' has no host");
        }
        if ((uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
                || uri.getQuery() != null || uri.getUserInfo() != null || uri.getFragment() != null) {
            throw invalid(source + " '" + value + "': only scheme, host and port are allowed "
                    + "(credentials go in username and password)");
        }
        int port = uri.getPort() == -1 ? (tls ? 8883 : 1883) : uri.getPort();
        String host = uri.getHost();
        return (tls ? "ssl://" : "tcp://") + host + ":" + port;
    }

    private static FumsException invalid(String message) {
        return new FumsException(ErrorCode.CONFIG_INVALID, message);
    }
}
