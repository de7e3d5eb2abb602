package dev.mosaic.auth.session;

import static dev.mosaic.auth.AuthApi.COOKIE;
import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.signUpAndVerify;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A session slides while it is used, but never past its absolute maximum: here 10 s (lifetime 6 s,
 * extended whenever 1 s has passed), so a session used all the time ends 10 s after it was opened, its
 * cookie never says it lives longer, and no access token minted from it outlives it.
 */
@QuarkusTest
@TestProfile(SessionMaxLifetimeTest.ShortSessions.class)
class SessionMaxLifetimeTest {
    private static final Duration MAX = Duration.ofSeconds(10);
    private static final Pattern MAX_AGE = Pattern.compile("Max-Age=(\\d+)");

    public static class ShortSessions implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mosaic.auth.session.lifetime", "PT6S",
                    "mosaic.auth.session.refresh-after", "PT1S",
                    "mosaic.auth.session.max-lifetime", "PT10S");
        }
    }

    @Test
    void aSessionInConstantUseEndsAtItsAbsoluteMaximumAndNeitherCookieNorTokenOutliveIt() {
        Response signedUp = signUpAndVerify(uniqueEmail("max-lifetime"), PASSWORD);
        signedUp.then().statusCode(200);
        String token = signedUp.path("token");
        Instant opened = Instant.parse(signedUp.path("session.createdAt"));
        Instant absoluteEnd = opened.plus(MAX);
        assertTrue(maxAge(signedUp).orElseThrow() <= 6, "the first cookie lives as long as the session: 6 s");

        AtomicBoolean slid = new AtomicBoolean();
        // Used every 100 ms: without the maximum it would slide forever.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Response current = given().cookie(COOKIE, token).get("/api/auth/get-session");
            if (current.statusCode() == 401) {
                return true;
            }
            current.then().statusCode(200);
            Instant now = Instant.now();
            Instant expiresAt = Instant.parse(current.path("session.expiresAt"));
            assertFalse(expiresAt.isAfter(absoluteEnd), "never past the maximum: " + expiresAt);
            maxAge(current).ifPresent(seconds -> {
                slid.set(true);
                assertFalse(now.plusSeconds(seconds).isAfter(absoluteEnd.plusSeconds(1)),
                        "the cookie expires with the session, not later: Max-Age " + seconds);
            });
            Response minted = given().auth().oauth2(token).get("/api/auth/token");
            if (minted.statusCode() == 200) {
                int expiresIn = minted.path("expires_in");
                assertFalse(now.plusSeconds(expiresIn).isAfter(absoluteEnd.plusSeconds(1)),
                        "an access token never outlives its session: expires_in " + expiresIn);
                Instant exp = Instant.ofEpochSecond(JsonPath.from(new String(java.util.Base64.getUrlDecoder()
                        .decode(minted.<String>path("access_token").split("\\.")[1]))).getLong("exp"));
                assertFalse(exp.isAfter(absoluteEnd), "exp " + exp + " after the session's end " + absoluteEnd);
            }
            return false;
        });
        Instant ended = Instant.now();
        assertTrue(slid.get(), "the session did slide while it was used");
        assertFalse(ended.isBefore(opened.plus(Duration.ofSeconds(7))), "it slid past its 6 s lifetime");
        given().cookie(COOKIE, token).get("/api/auth/token").then().statusCode(401);
    }

    private static java.util.Optional<Integer> maxAge(Response response) {
        return response.headers().getValues("Set-Cookie").stream().filter(c -> c.startsWith(COOKIE + "="))
                .map(MAX_AGE::matcher).filter(Matcher::find).map(m -> Integer.parseInt(m.group(1))).findFirst();
    }
}
