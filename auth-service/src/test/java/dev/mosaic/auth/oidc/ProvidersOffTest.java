package dev.mosaic.auth.oidc;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The default configuration declares no provider: the feature is off and says so plainly. */
@QuarkusTest
class ProvidersOffTest {

    @Test
    void noProviderConfiguredMeansAnEmptyList() {
        given().get("/api/auth/providers").then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void signingInWithAnUnconfiguredProviderIs404() {
        given().redirects().follow(false).queryParam("callbackURL", "http://localhost:5173/")
                .get("/api/auth/sign-in/oidc/google")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("GET /api/auth/providers"));
    }

    @Test
    void aCallbackForAnUnconfiguredProviderEndsOnTheErrorPage() {
        given().redirects().follow(false).queryParam("code", "x").queryParam("state", "y")
                .get("/api/auth/callback/oidc/google")
                .then().statusCode(302)
                .header("Location", equalTo("http://localhost:5173/sign-in/error?error=unknown_provider"));
    }
}
