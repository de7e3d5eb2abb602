package dev.mosaic.auth;

import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.accessToken;
import static dev.mosaic.auth.AuthApi.clientCredentials;
import static dev.mosaic.auth.AuthApi.signIn;
import static dev.mosaic.auth.AuthApi.signedUpSessionToken;
import static dev.mosaic.auth.AuthApi.uniqueAddress;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.deploy.testing.HttpFuzzer;
import dev.mosaic.shared.auth.ChangeEmailRequest;
import dev.mosaic.shared.auth.ChangePasswordRequest;
import dev.mosaic.shared.auth.CreateServiceClientRequest;
import dev.mosaic.shared.auth.DeleteUserRequest;
import dev.mosaic.shared.auth.LinkSocialRequest;
import dev.mosaic.shared.auth.PasswordResetRequest;
import dev.mosaic.shared.auth.ResetPasswordRequest;
import dev.mosaic.shared.auth.RevokeSessionRequest;
import dev.mosaic.shared.auth.SignInRequest;
import dev.mosaic.shared.auth.SignUpRequest;
import dev.mosaic.shared.auth.UnlinkAccountRequest;
import dev.mosaic.shared.auth.UpdateUserRequest;
import dev.mosaic.shared.auth.VerifyEmailChangeRequest;
import dev.mosaic.shared.auth.VerifyEmailRequest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Thousands of generated requests against every route of auth-service, with real and spoiled tokens:
 * never a 5xx, never unanswered, every error a problem (RFC 6749 JSON on the token endpoint), and
 * afterwards people still sign up and in. Replay a failure with {@code -Dfuzz.seed=<the printed seed>}.
 */
@QuarkusTest
class HttpFuzzTest {
    private static final String CLIENT_SECRET = "test-coordinator-secret-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @Test
    void noRequestGetsA5xxOrNoAnswerAndEveryErrorIsAProblem() throws Exception {
        String email = uniqueEmail("fuzz");
        String session = signedUpSessionToken(email);
        String otherSession = signedUpSessionToken(uniqueEmail("fuzz-other"));
        String sessionId = given().auth().oauth2(session).get("/api/auth/get-session")
                .then().statusCode(200).extract().path("session.id");
        String machineToken = clientCredentials("coordinator", CLIENT_SECRET).then().statusCode(200)
                .extract().path("access_token");
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            addresses.add(uniqueAddress());
        }

        HttpFuzzer.against(base)
                .authorizations(List.of("Bearer " + session, "Bearer " + otherSession, "Bearer " + accessToken(session),
                        "Bearer " + machineToken, "Basic " + java.util.Base64.getEncoder()
                                .encodeToString(("coordinator:" + CLIENT_SECRET).getBytes())))
                .ids(List.of("coordinator", sessionId, "mock", "google"))
                .onlyValidHeader("X-Forwarded-For", addresses)
                .header("Cookie", List.of("mosaic_session=" + session, "mosaic_session=junk"))
                .oauthErrors("/api/auth/oauth2/token")
                // Bodies that reach argon2 are kept few (sign-up, sign-in, reset, change-password, delete-user), so the CPU-work queue never fills.
                .endpoint("POST", "/api/auth/sign-up/email", HttpFuzzer.JSON,
                        tree(new SignUpRequest(uniqueEmail("fuzz-new"), PASSWORD, "Fuzz")))
                .endpoint("POST", "/api/auth/sign-in/email", HttpFuzzer.JSON, tree(new SignInRequest(email, "wrong password")))
                .endpoint("POST", "/api/auth/sign-out")
                .endpoint("GET", "/api/auth/get-session")
                .endpoint("GET", "/api/auth/list-sessions")
                .endpoint("POST", "/api/auth/revoke-session", HttpFuzzer.JSON,
                        tree(new RevokeSessionRequest(UUID.fromString(sessionId))))
                .endpoint("POST", "/api/auth/revoke-other-sessions")
                .endpoint("GET", "/api/auth/token")
                .endpoint("GET", "/api/auth/token")
                .endpoint("GET", "/api/auth/jwks")
                .endpoint("GET", "/api/auth/revocations")
                .endpoint("GET", "/.well-known/openid-configuration")
                .endpoint("POST", "/api/auth/oauth2/token", HttpFuzzer.FORM,
                        "grant_type=client_credentials&client_id=coordinator&client_secret=" + CLIENT_SECRET)
                .endpoint("POST", "/api/auth/oauth2/token", HttpFuzzer.FORM,
                        "grant_type=client_credentials&client_id=coordinator&client_secret=wrong")
                .endpoint("POST", "/api/auth/send-verification-email")
                .endpoint("POST", "/api/auth/verify-email", HttpFuzzer.JSON,
                        tree(new VerifyEmailRequest("A".repeat(43), PASSWORD)))
                .endpoint("POST", "/api/auth/request-password-reset", HttpFuzzer.JSON,
                        tree(new PasswordResetRequest(email)))
                .endpoint("POST", "/api/auth/reset-password", HttpFuzzer.JSON,
                        tree(new ResetPasswordRequest("A".repeat(43), "a new password 123")))
                .endpoint("POST", "/api/auth/update-user", HttpFuzzer.JSON, tree(new UpdateUserRequest("Fuzz Renamed")))
                .endpoint("POST", "/api/auth/change-password", HttpFuzzer.JSON,
                        tree(new ChangePasswordRequest("wrong password", "a new password 123")))
                .endpoint("POST", "/api/auth/change-email", HttpFuzzer.JSON,
                        tree(new ChangeEmailRequest(uniqueEmail("fuzz-moved"), PASSWORD)))
                .endpoint("POST", "/api/auth/verify-email-change", HttpFuzzer.JSON,
                        tree(new VerifyEmailChangeRequest("A".repeat(43))))
                .endpoint("POST", "/api/auth/delete-user", HttpFuzzer.JSON, tree(new DeleteUserRequest("wrong password")))
                .endpoint("GET", "/api/auth/list-accounts")
                .endpoint("POST", "/api/auth/unlink-account", HttpFuzzer.JSON,
                        tree(new UnlinkAccountRequest("credential", null)))
                .endpoint("POST", "/api/auth/admin/service-clients", HttpFuzzer.JSON,
                        tree(new CreateServiceClientRequest("fuzz-client", "Fuzz", Set.of("coordinator"))))
                .endpoint("GET", "/api/auth/admin/service-clients")
                .endpoint("DELETE", "/api/auth/admin/service-clients/{id}")
                .endpoint("POST", "/api/auth/admin/service-clients/{id}/rotate-secret")
                .endpoint("POST", "/api/auth/admin/signing-keys/rotate")
                .endpoint("POST", "/api/auth/link-social", HttpFuzzer.JSON,
                        tree(new LinkSocialRequest("mock", "http://localhost:5173/account", "wrong password")))
                .endpoint("GET", "/api/auth/providers")
                .endpoint("GET", "/api/auth/sign-in/oidc/{id}")
                .endpoint("GET", "/api/auth/callback/oidc/{id}")
                .endpoint("GET", "/api/auth/no-such-route/{id}")
                .run(5_000);

        String newEmail = uniqueEmail("after-fuzz");
        signedUpSessionToken(newEmail);
        String newSession = signIn(newEmail, PASSWORD, uniqueAddress()).then().statusCode(200)
                .extract().path("token");
        given().auth().oauth2(newSession).get("/api/auth/get-session")
                .then().statusCode(200).body("user.email", equalTo(newEmail));
        clientCredentials("coordinator", CLIENT_SECRET).then().statusCode(200).body("access_token", notNullValue());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tree(Object dto) {
        return JSON.convertValue(dto, Map.class);
    }
}
