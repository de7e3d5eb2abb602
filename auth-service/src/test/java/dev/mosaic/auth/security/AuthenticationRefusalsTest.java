package dev.mosaic.auth.security;

import static dev.mosaic.auth.AuthApi.accessToken;
import static dev.mosaic.auth.AuthApi.adminSessionToken;
import static dev.mosaic.auth.AuthApi.signedUpSessionToken;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Who may call which protected endpoint, and how a refusal looks: session endpoints take a session token (cookie or
 * bearer) and nothing else, admin endpoints an access token with the admin role and nothing else; every refusal is
 * problem+json, a 401 with {@code WWW-Authenticate: Bearer} and advice on what to send.
 */
@QuarkusTest
class AuthenticationRefusalsTest {
    private static final String COOKIE = "mosaic_session";
    private static final List<Function<RequestSpecification, Response>> SESSION_ENDPOINTS = List.of(
            request -> request.get("/api/auth/get-session"),
            request -> request.get("/api/auth/list-sessions"),
            request -> request.get("/api/auth/token"),
            request -> request.post("/api/auth/revoke-other-sessions"),
            request -> request.contentType("application/json").body("{\"sessionId\":\"" + UUID.randomUUID() + "\"}")
                    .post("/api/auth/revoke-session"),
            request -> request.post("/api/auth/send-verification-email"));
    private static final List<Function<RequestSpecification, Response>> ADMIN_ENDPOINTS = List.of(
            request -> request.post("/api/auth/admin/signing-keys/rotate"),
            request -> request.get("/api/auth/admin/service-clients"),
            request -> request.delete("/api/auth/admin/service-clients/some-client"),
            request -> request.post("/api/auth/admin/service-clients/some-client/rotate-secret"),
            request -> request.contentType("application/json").body("{\"clientId\":\"x\",\"roles\":[\"coordinator\"]}")
                    .post("/api/auth/admin/service-clients"));

    @Test
    void sessionEndpointsTakeOnlyALiveSessionToken() {
        String session = signedUpSessionToken(uniqueEmail("refusals"));
        String access = accessToken(session);
        for (var endpoint : SESSION_ENDPOINTS) {
            unauthorized(endpoint.apply(given()).then(), "Sign in first: send the session cookie or "
                    + "'Authorization: Bearer <session token>'.");
            unauthorized(endpoint.apply(given().cookie(COOKIE, "no-such-session")).then(),
                    "The session has ended or never existed. Sign in again.");
            unauthorized(endpoint.apply(given().auth().oauth2("no-such-session")).then(),
                    "The session has ended or never existed. Sign in again.");
            unauthorized(endpoint.apply(given().auth().oauth2(access)).then(),
                    "The session has ended or never existed. Sign in again.");
        }
        given().cookie(COOKIE, session).get("/api/auth/get-session").then().statusCode(200);
        given().auth().oauth2(session).get("/api/auth/get-session").then().statusCode(200);
    }

    @Test
    void adminEndpointsTakeOnlyAnAdminAccessToken() {
        String admin = adminSessionToken();
        String plain = accessToken(signedUpSessionToken(uniqueEmail("refusals-plain")));
        for (var endpoint : ADMIN_ENDPOINTS) {
            unauthorized(endpoint.apply(given()).then(),
                    "Send an access token with the admin role as 'Authorization: Bearer <token>'.");
            unauthorized(endpoint.apply(given().cookie(COOKIE, admin)).then(),
                    "Send an access token with the admin role as 'Authorization: Bearer <token>'.");
            unauthorized(endpoint.apply(given().auth().oauth2(admin)).then(), "The access token is not valid here");
            endpoint.apply(given().auth().oauth2(plain)).then().statusCode(403)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:mosaic:problem:forbidden"))
                    .body("detail", equalTo("This needs the 'admin' role, which you do not hold."));
        }
        given().auth().oauth2(accessToken(admin)).get("/api/auth/admin/service-clients").then().statusCode(200);
    }

    private static void unauthorized(ValidatableResponse response, String detail) {
        response.statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer"))
                .body("type", equalTo("urn:mosaic:problem:unauthorized"))
                .body("detail", containsString(detail));
    }
}
