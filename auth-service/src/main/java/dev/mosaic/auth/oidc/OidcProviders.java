package dev.mosaic.auth.oidc;

import dev.mosaic.auth.token.Urls;
import dev.mosaic.shared.auth.SignInProvider;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The configured external providers, checked once at startup so that a typo fails the start, not a sign-in. */
@ApplicationScoped
public class OidcProviders {
    private static final Pattern ID = Pattern.compile("[a-z0-9]{1,40}");

    /** One configured provider, normalised. */
    public record Provider(String id, String name, String issuer, String clientId, Optional<String> clientSecret,
            String scope) {
    }

    private final Map<String, Provider> providers;

    OidcProviders(OidcProvidersConfig config) {
        Map<String, Provider> byId = new TreeMap<>();
        config.oidc().forEach((id, provider) -> byId.put(id, check(id, provider)));
        this.providers = Map.copyOf(byId);
    }

    public Optional<Provider> find(String id) {
        return Optional.ofNullable(id == null ? null : providers.get(id));
    }

    public List<SignInProvider> list() {
        return providers.values().stream().sorted((a, b) -> a.id().compareTo(b.id()))
                .map(p -> new SignInProvider(p.id(), p.name(), "/api/auth/sign-in/oidc/" + p.id())).toList();
    }

    private static Provider check(String id, OidcProvidersConfig.Provider config) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalStateException("OIDC provider id '" + id + "' must be 1-40 lower-case letters or digits "
                    + "(MOSAIC_AUTH_OIDC_<ID>_ISSUER)");
        }
        String issuer = Urls.withoutTrailingSlashes(config.issuer().strip());
        URI uri;
        try {
            uri = URI.create(issuer);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The issuer of OIDC provider '" + id + "' is not a URL: " + issuer, e);
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalStateException("The issuer of OIDC provider '" + id + "' must be an http(s) URL: " + issuer);
        }
        if (config.clientId().isBlank()) {
            throw new IllegalStateException("OIDC provider '" + id + "' needs a client id (MOSAIC_AUTH_OIDC_"
                    + id.toUpperCase() + "_CLIENT_ID)");
        }
        Set<String> scopes = new LinkedHashSet<>();
        scopes.add("openid");
        Arrays.stream(config.scopes().split("[\\s,]+")).filter(s -> !s.isBlank()).forEach(scopes::add);
        return new Provider(id, config.name().filter(n -> !n.isBlank()).orElse(id), issuer, config.clientId().strip(),
                config.clientSecret().filter(s -> !s.isBlank()), String.join(" ", scopes));
    }
}
