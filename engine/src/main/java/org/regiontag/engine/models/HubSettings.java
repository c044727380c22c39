package org.regiontag.engine.models;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.regiontag.db.UserInputException;

/**
 * The connection settings of {@link HubDownloader}: which hub, which token, timeouts and retries.
 *
 * @param endpoint the hub's base URL, such as {@code https://huggingface.co}
 * @param token an access token sent as {@code Authorization: Bearer} to the endpoint's host
 *     only, for gated or private repositories
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for response headers, and for the next bytes of a body
 * @param maxAttempts attempts per file in a row that bring no new bytes, before giving up
 * @param retryDelay the wait before the first retry; later retries wait proportionally longer
 */
public record HubSettings(URI endpoint, Optional<String> token, Duration connectTimeout, Duration readTimeout,
        int maxAttempts, Duration retryDelay) {

    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");
    /** The variable that {@code huggingface_hub} reads for another endpoint (a mirror, a local server). */
    public static final String ENDPOINT_VARIABLE = "HF_ENDPOINT";
    /** The variable that {@code huggingface_hub} reads for an access token. */
    public static final String TOKEN_VARIABLE = "HF_TOKEN";

    /** A connection is normally made within a few seconds; 30 s tolerates a slow proxy. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** Large files come from a CDN that starts sending quickly; a minute of silence means a dead connection. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    /** Five tries without progress ride out a short outage without hanging for long. */
    static final int MAX_ATTEMPTS = 5;
    static final Duration RETRY_DELAY = Duration.ofSeconds(2);

    public HubSettings {
        String scheme = endpoint.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || endpoint.getHost() == null) {
            throw new UserInputException(ModelMessages.format("hub.endpointInvalid", endpoint));
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        token = token.filter(value -> !value.isBlank()).map(String::strip);
    }

    /**
     * Builds settings from an explicit endpoint (from {@code --endpoint}, may be {@code null}), else
     * {@code HF_ENDPOINT}, else the public hub, with the token from {@code HF_TOKEN}.
     */
    public static HubSettings fromEnvironment(Function<String, String> environment, String endpointOption) {
        String endpoint = endpointOption;
        if (endpoint == null || endpoint.isBlank()) {
            endpoint = environment.apply(ENDPOINT_VARIABLE);
        }
        URI uri = endpoint == null || endpoint.isBlank() ? DEFAULT_ENDPOINT : parseEndpoint(endpoint);
        return new HubSettings(uri, Optional.ofNullable(environment.apply(TOKEN_VARIABLE)), CONNECT_TIMEOUT,
                READ_TIMEOUT, MAX_ATTEMPTS, RETRY_DELAY);
    }

    /** Returns a copy with other timeouts and retry settings. */
    public HubSettings withTimeouts(Duration connect, Duration read, int attempts, Duration delay) {
        return new HubSettings(endpoint, token, connect, read, attempts, delay);
    }

    private static URI parseEndpoint(String value) {
        String trimmed = value.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            return URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(ModelMessages.format("hub.endpointInvalid", value), e);
        }
    }
}
