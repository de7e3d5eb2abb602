package dev.mosaic.auth.signup;

import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.confirm;
import static dev.mosaic.auth.AuthApi.mailsTo;
import static dev.mosaic.auth.AuthApi.passwordHashes;
import static dev.mosaic.auth.AuthApi.signIn;
import static dev.mosaic.auth.AuthApi.signUp;
import static dev.mosaic.auth.AuthApi.uniqueAddress;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.auth.Concurrently;
import dev.mosaic.auth.TestDatabase;
import io.quarkus.mailer.Mail;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.http.Header;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Sign-up answers alike whether or not the address has an account; what differs goes into the owner's mail. */
@QuarkusTest
class SignUpTest {
    private static final String CHECK_YOUR_MAIL =
            "{\"message\":\"Check your mail: we sent a message to this address. Open its link to finish signing up.\"}";
    private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]{43})");

    @Inject
    TestDatabase db;
    @ConfigProperty(name = "mosaic.auth.rate-limits.mails-per-email")
    int mailsPerEmail;

    @Test
    void aTakenAddressAnswersByteForByteLikeANewOneAndStaysAsItWas() {
        String taken = uniqueEmail("taken");
        Response fresh = signUp(taken, PASSWORD);
        confirm(taken, PASSWORD).then().statusCode(200);
        String hashBefore = passwordHashOf(taken);
        long sessionsBefore = db.count("SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1", taken);

        Response again = signUp(taken.toUpperCase(Locale.ROOT), "another passphrase");
        String unconfirmed = uniqueEmail("unconfirmed");
        signUp(unconfirmed, PASSWORD).then().statusCode(202);
        Response unconfirmedAgain = signUp(unconfirmed, "another passphrase");

        for (Response answer : List.of(fresh, again, unconfirmedAgain)) {
            answer.then().statusCode(202).contentType(ContentType.JSON);
            assertEquals(CHECK_YOUR_MAIL, answer.asString(), "no session, no user id: the same body for all");
            assertNull(answer.getHeader("Set-Cookie"), "no session cookie");
        }
        assertEquals(headerNames(fresh), headerNames(again));
        assertEquals(headerNames(fresh), headerNames(unconfirmedAgain));

        // Nothing changed: one user, one password (the first), one workspace, no session.
        assertEquals(1, db.count("SELECT count(*) FROM users WHERE lower(email) = $1", taken));
        assertEquals(1, db.count("SELECT count(*) FROM accounts a JOIN users u ON u.id = a.user_id WHERE u.email = $1", taken));
        assertEquals(1, db.count("SELECT count(*) FROM workspaces w JOIN users u ON u.id = w.owner_id WHERE u.email = $1", taken));
        assertEquals(hashBefore, passwordHashOf(taken));
        assertEquals(sessionsBefore, db.count("SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id "
                + "WHERE u.email = $1", taken));
        signIn(taken, "another passphrase", uniqueAddress()).then().statusCode(401);
        signIn(taken, PASSWORD, uniqueAddress()).then().statusCode(200);

        // The owner is told, with nothing to click.
        Mail tried = await().atMost(Duration.ofSeconds(10)).until(() -> mailsTo(taken).stream()
                .filter(mail -> mail.getSubject().startsWith("Someone tried to sign up")).findFirst(), found -> found.isPresent())
                .orElseThrow();
        assertTrue(tried.getText().contains("sign in instead"), tried.getText());
        assertFalse(tried.getText().contains("token="), "no link that could change anything");
    }

    @Test
    void aNewAddressGetsAnUnconfirmedUserAPersonalWorkspaceAndAnArgon2idPassword() {
        String email = uniqueEmail("workspace");
        signUp(email, PASSWORD).then().statusCode(202);
        String userId = db.userId(email);
        assertEquals(1, db.count("SELECT count(*) FROM users WHERE id = $1::uuid AND NOT email_verified", userId));
        assertEquals(1, db.count("SELECT count(*) FROM workspaces w JOIN workspace_members m ON m.workspace_id = w.id "
                + "WHERE w.personal AND w.owner_id = $1::uuid AND m.user_id = $1::uuid", userId));
        assertTrue(passwordHashOf(email).startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), passwordHashOf(email));
        assertEquals(0, db.count("SELECT count(*) FROM sessions WHERE user_id = $1::uuid", userId));
    }

    @Test
    void anUnconfirmedAddressCannotSignInAndOnlyTheRightPasswordLearnsWhy() {
        String email = uniqueEmail("unconfirmed-sign-in");
        signUp(email, PASSWORD).then().statusCode(202);
        signIn(email, "not the password", uniqueAddress()).then().statusCode(401);
        signIn(email, PASSWORD, uniqueAddress()).then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("urn:mosaic:problem:email-not-verified"))
                .body("detail", containsString("Sign up again"));
        assertEquals(0, db.count("SELECT count(*) FROM sessions WHERE user_id = $1::uuid", db.userId(email)));

        confirm(email, PASSWORD).then().statusCode(200);
        signIn(email, PASSWORD, uniqueAddress()).then().statusCode(200);
    }

    /**
     * A stranger signs up with the owner's address and their own password, and the owner signs up too. Each sign-up
     * mails its own link, and a link opens only with its own sign-up's password: the owner, who cannot tell the two
     * mails apart, cannot set the stranger's password on their account by opening the wrong one.
     */
    @Test
    void eachSignUpMailsItsOwnLinkWhichConfirmsOnlyWithThatSignUpsPassword() {
        String email = uniqueEmail("two-sign-ups");
        signUp(email, "the stranger's passphrase").then().statusCode(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> mailsTo(email).size() == 1); // so the mails come in order
        signUp(email, "the owner's passphrase").then().statusCode(202);
        List<String> links = await().atMost(Duration.ofSeconds(10)).until(() -> mailsTo(email).stream()
                .map(mail -> token(mail.getText())).toList(), sent -> sent.size() == 2);
        assertEquals(1, db.count("SELECT count(*) FROM users WHERE email = $1", email));
        String strangers = links.get(0);
        String owners = links.get(1);

        verifyEmail(strangers, null).then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("password"));
        verifyEmail(strangers, "the owner's passphrase").then().statusCode(403).contentType("application/problem+json");
        assertEquals(0, db.count("SELECT count(*) FROM users WHERE email = $1 AND email_verified", email));
        assertEquals(0, db.count("SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1",
                email), "a refused link signs nobody in");

        verifyEmail(owners, "the owner's passphrase").then().statusCode(200);
        signIn(email, "the owner's passphrase", uniqueAddress()).then().statusCode(200);
        signIn(email, "the stranger's passphrase", uniqueAddress()).then().statusCode(401);
        verifyEmail(strangers, "the stranger's passphrase").then().statusCode(400);
        signIn(email, "the stranger's passphrase", uniqueAddress()).then().statusCode(401);
    }

    private static Response verifyEmail(String token, String password) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", uniqueAddress())
                .body(password == null ? Map.of("token", token) : Map.of("token", token, "password", password))
                .post("/api/auth/verify-email");
    }

    @Test
    void sameEmailSignUpsAtOnceAllAnswerAlikeAndCreateOnePerson() throws Exception {
        String email = uniqueEmail("race");
        List<Response> answers = Concurrently.run(6, i -> signUp(email, PASSWORD)).stream()
                .map(Concurrently.Timed::value).toList();
        for (Response answer : answers) {
            answer.then().statusCode(202);
            assertEquals(CHECK_YOUR_MAIL, answer.asString());
        }
        assertEquals(1, db.count("SELECT count(*) FROM users WHERE email = $1", email));
        assertEquals(1, db.count("SELECT count(*) FROM accounts a JOIN users u ON u.id = a.user_id WHERE u.email = $1", email));
        assertEquals(1, db.count("SELECT count(*) FROM workspaces w JOIN users u ON u.id = w.owner_id WHERE u.email = $1", email));
        assertEquals(mailsPerEmail, db.count("SELECT count(*) FROM verifications v JOIN users u ON v.identifier = u.id::text "
                + "WHERE u.email = $1 AND v.purpose = 'EMAIL_VERIFICATION'", email), "one link per sign-up within the mail limit");
    }

    @Test
    void overTheMailLimitTheAnswerIsTheSameAndNothingIsDone() {
        String email = uniqueEmail("often");
        for (int i = 0; i < mailsPerEmail; i++) {
            signUp(email, PASSWORD).then().statusCode(202);
        }
        double hashesBefore = passwordHashes("hash");
        Response overLimit = signUp(email, PASSWORD);
        overLimit.then().statusCode(202);
        assertEquals(CHECK_YOUR_MAIL, overLimit.asString(), "no 429: it would be a different answer");
        assertEquals(hashesBefore, passwordHashes("hash"), 0.0, "no hash for a sign-up that does nothing");
        assertEquals(mailsPerEmail, db.count("SELECT count(*) FROM verifications WHERE identifier = $1", db.userId(email)));
    }

    @Test
    void aTooShortPasswordIsAClear400AndCreatesNothing() {
        String email = uniqueEmail("short");
        signUp(email, "1234567").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("password"))
                .body("detail", containsString("between 8 and 128 characters"));
        signUp(email, "x".repeat(129)).then().statusCode(400).body("errors.field", hasItem("password"));
        assertEquals(0, db.count("SELECT count(*) FROM users WHERE email = $1", email));
    }

    @Test
    void malformedJsonIsA400Problem() {
        given().contentType(ContentType.JSON).body("{bad").post("/api/auth/sign-up/email")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:mosaic:problem:malformed-request"));
    }

    private String passwordHashOf(String email) {
        return db.query("SELECT a.password_hash FROM accounts a JOIN users u ON u.id = a.user_id "
                + "WHERE u.email = $1 AND a.provider_id = 'credential'", email).get(0).getString(0);
    }

    private static Set<String> headerNames(Response answer) {
        return answer.getHeaders().asList().stream().map(Header::getName).filter(name -> !name.equalsIgnoreCase("Date"))
                .collect(Collectors.toSet());
    }

    private static String token(String mailText) {
        Matcher matcher = TOKEN.matcher(mailText);
        assertTrue(matcher.find(), mailText);
        return matcher.group(1);
    }
}
