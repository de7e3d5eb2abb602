package dev.mosaic.auth;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** HTTP steps the tests share. Each test uses its own email and client address, so their sign-in counts never meet. */
public final class AuthApi {
    public static final String PASSWORD = "correct horse battery staple";
    public static final String COOKIE = "mosaic_session";
    public static final String ADMIN_EMAIL = "admin@mosaic.test";
    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    private AuthApi() {
    }

    public static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID() + "@mosaic.test";
    }

    /** A client address of its own, through X-Forwarded-For, which the test profile trusts. */
    public static String uniqueAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "10.1." + (n / 250) + "." + (n % 250 + 1);
    }

    public static Response signUp(String email, String password) {
        return given().contentType(ContentType.JSON)
                .header("X-Forwarded-For", uniqueAddress())
                .body(Map.of("email", email, "password", password, "name", "Test Person"))
                .post("/api/auth/sign-up/email");
    }

    /** Signs a new person up and returns their session token. */
    public static String signedUpSessionToken(String email) {
        return signUp(email, PASSWORD).then().statusCode(201).extract().path("token");
    }

    public static Response signIn(String email, String password, String address) {
        return given().contentType(ContentType.JSON)
                .header("X-Forwarded-For", address)
                .body(Map.of("email", email, "password", password))
                .post("/api/auth/sign-in/email");
    }

    public static String accessToken(String sessionToken) {
        return given().auth().oauth2(sessionToken).get("/api/auth/token")
                .then().statusCode(200).extract().path("access_token");
    }

    /** A session of the admin that the test profile names in MOSAIC_AUTH_ADMIN_EMAILS; signed up on first use. */
    public static synchronized String adminSessionToken() {
        Response signedIn = signIn(ADMIN_EMAIL, PASSWORD, uniqueAddress());
        if (signedIn.statusCode() == 401) {
            return signUp(ADMIN_EMAIL, PASSWORD).then().statusCode(201).extract().path("token");
        }
        return signedIn.then().statusCode(200).extract().path("token");
    }
}
