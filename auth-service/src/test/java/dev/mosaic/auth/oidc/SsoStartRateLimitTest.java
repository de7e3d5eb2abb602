package dev.mosaic.auth.oidc;

import static dev.mosaic.auth.AuthApi.uniqueAddress;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.mosaic.auth.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every SSO start stores a state and calls the provider: one client address may start only so many. */
@QuarkusTest
@TestProfile(MockProvider.Profile.class)
@WithTestResource(OidcWiremockTestResource.class)
class SsoStartRateLimitTest {
    @OidcWireMock
    WireMockServer provider;
    @Inject
    TestDatabase db;
    @ConfigProperty(name = "mosaic.auth.rate-limits.sso-starts-per-address")
    int perAddress;

    @BeforeEach
    void provider() {
        MockProvider.stubDiscovery(provider);
    }

    @Test
    void startsBeyondTheLimitPerAddressAre429AndStoreNothing() {
        String address = uniqueAddress();
        for (int i = 0; i < perAddress; i++) {
            start(address).then().statusCode(302);
        }
        long states = db.count("SELECT count(*) FROM verifications WHERE purpose = 'OIDC_STATE'");

        start(address).then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", matchesPattern("\\d+")).header("Set-Cookie", (String) null);

        assertEquals(states,
                db.count("SELECT count(*) FROM verifications WHERE purpose = 'OIDC_STATE'"), "no state stored");
        start(uniqueAddress()).then().statusCode(302);
    }

    private static Response start(String address) {
        return given().redirects().follow(false).header("X-Forwarded-For", address)
                .queryParam("callbackURL", MockProvider.SPA + "/after-sign-in")
                .get("/api/auth/sign-in/oidc/" + MockProvider.ID);
    }
}
