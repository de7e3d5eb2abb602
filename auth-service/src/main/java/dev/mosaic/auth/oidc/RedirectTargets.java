package dev.mosaic.auth.oidc;

import dev.mosaic.auth.token.Urls;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a finished sign-in may send the browser: only absolute http(s) URLs whose origin is on the
 * allow-list ({@code MOSAIC_AUTH_REDIRECT_ORIGINS}, by default the CORS origins). Compared as parsed
 * origins (scheme, lower-cased host, effective port), never as string prefixes, so
 * {@code https://spa.example.com.evil.test} or {@code https://spa.example.com@evil.test} do not pass.
 */
@ApplicationScoped
public class RedirectTargets {
    private final Set<String> allowedOrigins;
    private final String defaultTarget;

    RedirectTargets(SsoConfig config) {
        List<String> origins = config.allowedRedirectOrigins().stream().map(String::strip).filter(s -> !s.isEmpty())
                .toList();
        this.allowedOrigins = origins.stream().map(origin -> originOf(origin).orElseThrow(() -> new IllegalStateException(
                "MOSAIC_AUTH_REDIRECT_ORIGINS: '" + origin + "' is not an origin like https://app.example.com")))
                .collect(Collectors.toUnmodifiableSet());
        this.defaultTarget = origins.isEmpty() ? null : Urls.withoutTrailingSlashes(origins.get(0)) + "/";
        URI errorUrl = parse(config.errorUrl()).orElseThrow(() -> new IllegalStateException(
                "MOSAIC_AUTH_SPA_ERROR_URL must be an absolute http(s) URL: " + config.errorUrl()));
        if (errorUrl.getRawFragment() != null) {
            throw new IllegalStateException("MOSAIC_AUTH_SPA_ERROR_URL must not have a #fragment: " + config.errorUrl());
        }
    }

    /** The URL itself when it may be redirected to; the first allowed origin when none is given. */
    public Optional<URI> check(String callbackUrl) {
        if (callbackUrl == null || callbackUrl.isBlank()) {
            return Optional.ofNullable(defaultTarget).map(URI::create);
        }
        return parse(callbackUrl).filter(uri -> originOf(uri).map(allowedOrigins::contains).orElse(false));
    }

    private static Optional<String> originOf(String url) {
        return parse(url).flatMap(RedirectTargets::originOf);
    }

    private static Optional<String> originOf(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
        return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port);
    }

    /** Absolute http(s), a host, no user info, no whitespace, control characters or backslashes. */
    private static Optional<URI> parse(String url) {
        if (url.length() > 2048 || url.chars().anyMatch(c -> c <= 0x20 || c == 0x7f || c == '\\')) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!("https".equals(scheme) || "http".equals(scheme)) || uri.getHost() == null
                    || uri.getRawUserInfo() != null || uri.isOpaque()) {
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
