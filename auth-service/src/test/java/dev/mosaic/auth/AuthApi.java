package dev.mosaic.auth;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.enterprise.inject.spi.CDI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTTP steps the tests share. Each test uses its own email and client address, so their sign-in counts never meet. */
public final class AuthApi {
    public static final String PASSWORD = "correct horse battery staple";
    public static final String COOKIE = "mosaic_session";
    public static final String ADMIN_EMAIL = "admin@mosaic.test";
    private static final AtomicInteger ADDRESSES = new AtomicInteger();
    private static final Pattern MAILED_TOKEN = Pattern.compile("token=([A-Za-z0-9_-]{43})");

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

    /**
     * Signs a new person up and confirms the address through the mailed link, which signs them in: the
     * answer of {@code POST /api/auth/verify-email} (200, {@code SignedIn}, the session cookie).
     */
    public static Response signUpAndVerify(String email, String password) {
        signUp(email, password).then().statusCode(202);
        return confirm(email, password);
    }

    /**
     * Opens the last confirmation link mailed to {@code email} with the password its sign-up chose, as the SPA's
     * confirmation page does.
     */
    public static Response confirm(String email, String password) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", uniqueAddress())
                .body(Map.of("token", verificationTokenMailedTo(email), "password", password))
                .post("/api/auth/verify-email");
    }

    /** Opens the last confirmation link mailed to {@code email} by {@code send-verification-email}: it takes no password. */
    public static Response confirm(String email) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", uniqueAddress())
                .body(Map.of("token", verificationTokenMailedTo(email))).post("/api/auth/verify-email");
    }

    /** Signs a new person up, confirms the address, and returns their session token. */
    public static String signedUpSessionToken(String email) {
        return signUpAndVerify(email, PASSWORD).then().statusCode(200).extract().path("token");
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

    /** The client-credentials grant, the client authenticated by HTTP Basic. */
    public static Response clientCredentials(String clientId, String secret) {
        return given().auth().preemptive().basic(clientId, secret).formParam("grant_type", "client_credentials")
                .post("/api/auth/oauth2/token");
    }

    /**
     * How many argon2id runs of {@code operation} ({@code hash} or {@code verify}) the service has made, as
     * {@code /q/metrics} tells: 0 before the first.
     */
    public static double passwordHashes(String operation) {
        Matcher matcher = Pattern.compile("^mosaic_auth_password_hashes_total\\{operation=\"" + operation
                + "\",?} (\\S+)$", Pattern.MULTILINE).matcher(given().get("/q/metrics").then().statusCode(200)
                .extract().asString());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    /** The one-time token of the last confirmation link mailed to {@code email} (the test profile's mock mailbox). */
    public static String verificationTokenMailedTo(String email) {
        return tokenMailedTo(email, "/verify-email?token=");
    }

    /** The one-time token of the last password-reset link mailed to {@code email}. */
    public static String resetTokenMailedTo(String email) {
        return tokenMailedTo(email, "/reset-password?token=");
    }

    /** The one-time token of the last email-change link mailed to {@code email} (the new address). */
    public static String emailChangeTokenMailedTo(String email) {
        return tokenMailedTo(email, "/confirm-email-change?token=");
    }

    /** The one-time token of the last workspace invitation mailed to {@code email}. */
    public static String invitationTokenMailedTo(String email) {
        return tokenMailedTo(email, "/accept-invitation?token=");
    }

    /** The mails sent to {@code email} so far. */
    public static List<Mail> mailsTo(String email) {
        return CDI.current().select(MockMailbox.class).get().getMailsSentTo(email);
    }

    private static String tokenMailedTo(String email, String page) {
        List<Mail> links = await().atMost(Duration.ofSeconds(10)).until(() -> mailsTo(email).stream()
                .filter(mail -> mail.getText().contains(page)).toList(), sent -> !sent.isEmpty());
        Matcher matcher = MAILED_TOKEN.matcher(links.get(links.size() - 1).getText());
        assertTrue(matcher.find(), "the mail carries a link with a token");
        return matcher.group(1);
    }

    /**
     * A session of the admin that the test profile names in MOSAIC_AUTH_ADMIN_EMAILS. On first use the
     * admin signs up and confirms the address through the mailed link, since only a verified address
     * makes an admin; then signs in.
     */
    public static synchronized String adminSessionToken() {
        if (signIn(ADMIN_EMAIL, PASSWORD, uniqueAddress()).statusCode() == 401) {
            signUpAndVerify(ADMIN_EMAIL, PASSWORD).then().statusCode(200);
        }
        return signIn(ADMIN_EMAIL, PASSWORD, uniqueAddress()).then().statusCode(200).extract().path("token");
    }
}
