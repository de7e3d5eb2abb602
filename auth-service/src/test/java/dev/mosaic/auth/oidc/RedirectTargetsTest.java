package dev.mosaic.auth.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The redirect allow-list as a parser, without HTTP (OidcSignInTest covers it through the flow). */
class RedirectTargetsTest {
    private static final RedirectTargets TARGETS = targets(List.of(" https://spa.example.com/ ", "http://localhost:5173"));

    @ParameterizedTest
    @ValueSource(strings = {"https://spa.example.com/jobs?x=1#top", "HTTPS://SPA.EXAMPLE.COM/", "https://spa.example.com:443/",
            "http://localhost:5173/sign-in"})
    void anUrlOnAnAllowedOriginIsKeptAsItIs(String url) {
        assertEquals(Optional.of(URI.create(url)), TARGETS.check(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://spa.example.com.evil.test/", "https://spa.example.com@evil.test/",
            "https://evil.test/?https://spa.example.com", "http://spa.example.com/", "https://spa.example.com:8443/",
            "http://localhost:5174/", "//spa.example.com/", "/jobs", "javascript:alert(1)", "https://spa.example.com\\@evil.test",
            "https://spa.example.com/ x", "https://spa.example.com/\u0000", "ftp://spa.example.com/", "https:///nohost",
            "not a url"})
    void anyOtherTargetIsRefused(String url) {
        assertEquals(Optional.empty(), TARGETS.check(url));
    }

    @Test
    void anOverlongUrlIsRefusedEvenOnAnAllowedOrigin() {
        assertEquals(Optional.empty(), TARGETS.check("https://spa.example.com/" + "a".repeat(2048)));
    }

    @Test
    void noTargetMeansTheFirstAllowedOrigin() {
        assertEquals(Optional.of(URI.create("https://spa.example.com/")), TARGETS.check(null));
        assertEquals(Optional.of(URI.create("https://spa.example.com/")), TARGETS.check(" "));
        assertEquals(Optional.empty(), targets(List.of()).check(null));
    }

    @Test
    void aConfiguredOriginThatIsNoOriginStopsTheStart() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> targets(List.of("spa.example.com")));
        assertTrue(refused.getMessage().startsWith("MOSAIC_AUTH_REDIRECT_ORIGINS"), refused.getMessage());
    }

    private static RedirectTargets targets(List<String> origins) {
        return new RedirectTargets(new SsoConfig() {
            @Override
            public List<String> allowedRedirectOrigins() {
                return origins;
            }

            @Override
            public String errorUrl() {
                return "https://spa.example.com/sign-in-error";
            }

            @Override
            public Duration stateLifetime() {
                return Duration.ofMinutes(10);
            }

            @Override
            public Duration providerTimeout() {
                return Duration.ofSeconds(10);
            }
        });
    }
}
