package dev.mosaic.auth.account;

import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.emailChangeTokenMailedTo;
import static dev.mosaic.auth.AuthApi.mailsTo;
import static dev.mosaic.auth.AuthApi.resetTokenMailedTo;
import static dev.mosaic.auth.AuthApi.signIn;
import static dev.mosaic.auth.AuthApi.signUp;
import static dev.mosaic.auth.AuthApi.uniqueAddress;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static dev.mosaic.auth.account.People.post;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.auth.TestDatabase;
import dev.mosaic.auth.account.People.Person;
import io.quarkus.mailer.Mail;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * change-email and its mailed link: the switch waits for the new address's owner, the old address is told, a taken
 * address gets the same answer and changes nothing, and the admin role follows the address. A session alone cannot
 * move an account, and a change dies with the session that asked for it.
 */
@QuarkusTest
class EmailChangeTest {
    @Inject
    TestDatabase db;

    private static Response confirm(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token)).post("/api/auth/verify-email-change");
    }

    private Row userRow(String userId) {
        return db.query("SELECT email, email_verified, roles FROM users WHERE id = $1::uuid", userId).get(0);
    }

    /** A person who asked to move to a new address, and the token of the link mailed there. */
    private record Pending(Person person, String newEmail, String token) {
    }

    private Pending pendingChange(String prefix) {
        Person person = People.signUp(db, uniqueEmail(prefix + "-from"));
        String newEmail = uniqueEmail(prefix + "-to");
        post(person, "change-email", Map.of("newEmail", newEmail, "password", PASSWORD)).then().statusCode(202);
        return new Pending(person, newEmail, emailChangeTokenMailedTo(newEmail));
    }

    private long pendingChangesOf(Person person) {
        return db.count("SELECT count(*) FROM verifications WHERE purpose = 'EMAIL_CHANGE' AND identifier = $1",
                person.userId());
    }

    private static List<Mail> awaitMails(String to, int count) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> mailsTo(to), mails -> mails.size() >= count);
    }

    @Test
    void theAddressSwitchesOnlyWhenTheNewOwnerOpensTheLink() {
        Person person = People.signUp(db, uniqueEmail("change-from"));
        String newEmail = uniqueEmail("change-to");
        given().contentType(ContentType.JSON).header("X-Forwarded-For", uniqueAddress())
                .body(Map.of("email", person.email())).post("/api/auth/request-password-reset").then().statusCode(202);
        String resetMailedToOldAddress = resetTokenMailedTo(person.email());

        post(person, "change-email", Map.of("newEmail", newEmail.toUpperCase(), "password", PASSWORD)).then().statusCode(202);

        String token = emailChangeTokenMailedTo(newEmail);
        assertTrue(awaitMails(person.email(), 3).stream().anyMatch(mail -> mail.getText().contains(newEmail)
                && mail.getSubject().equals("Your Mosaic email is about to change")), "the old address is told");
        assertEquals(person.email(), userRow(person.userId()).getString("email"), "nothing switches before the link");
        signIn(newEmail, PASSWORD, uniqueAddress()).then().statusCode(401);

        confirm(token).then().statusCode(204);

        Row user = userRow(person.userId());
        assertEquals(newEmail, user.getString("email"));
        assertTrue(user.getBoolean("email_verified"));
        signIn(newEmail, PASSWORD, uniqueAddress()).then().statusCode(200);
        signIn(person.email(), PASSWORD, uniqueAddress()).then().statusCode(401);
        given().auth().oauth2(person.sessionToken()).get("/api/auth/get-session").then().statusCode(200)
                .body("user.email", equalTo(newEmail));
        confirm(token).then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("token", resetMailedToOldAddress, "newPassword", "taken over!"))
                .post("/api/auth/reset-password").then().statusCode(400);
    }

    /** As sign-up: the asker cannot tell a taken address from a free one; the difference goes to mailboxes. */
    @Test
    void anAddressOfAnotherAccountGetsTheSameAnswerAndChangesNothing() {
        Person owner = People.signUp(db, uniqueEmail("taken-owner"));
        Person toTaken = People.signUp(db, uniqueEmail("wants-taken"));
        Person toFree = People.signUp(db, uniqueEmail("wants-free"));
        String freeEmail = uniqueEmail("free");

        Response taken = post(toTaken, "change-email", Map.of("newEmail", owner.email(), "password", PASSWORD));
        Response free = post(toFree, "change-email", Map.of("newEmail", freeEmail, "password", PASSWORD));

        assertEquals(202, taken.statusCode());
        assertEquals(free.statusCode(), taken.statusCode());
        assertEquals(free.contentType(), taken.contentType());
        assertEquals(free.asString(), taken.asString());
        emailChangeTokenMailedTo(freeEmail);
        List<Mail> toOwner = awaitMails(owner.email(), 2);
        assertEquals("Someone tried to use your address for another Mosaic account",
                toOwner.get(toOwner.size() - 1).getSubject());
        assertFalse(toOwner.stream().anyMatch(mail -> mail.getText().contains("token=")
                && mail.getText().contains("confirm-email-change")), "no link goes to a taken address");
        List<Mail> toAsker = awaitMails(toTaken.email(), 2);
        assertEquals("Your Mosaic email is about to change", toAsker.get(toAsker.size() - 1).getSubject(),
                "the asker's own mailbox gets the same notice either way");
        assertEquals(toTaken.email(), userRow(toTaken.userId()).getString("email"));
        assertEquals(owner.email(), userRow(owner.userId()).getString("email"));
        assertEquals(0, pendingChangesOf(toTaken));
    }

    @Test
    void anAddressTakenBetweenTheRequestAndTheLinkIsRefused() {
        Pending pending = pendingChange("race");
        Person person = pending.person();
        String token = pending.token();
        signUp(pending.newEmail(), PASSWORD).then().statusCode(202);

        confirm(token).then().statusCode(409).contentType("application/problem+json");

        assertEquals(person.email(), userRow(person.userId()).getString("email"));
    }

    @Test
    void anExpiredOrMadeUpLinkIsRefused() {
        Pending pending = pendingChange("expired");
        Person person = pending.person();
        String token = pending.token();
        db.update("UPDATE verifications SET expires_at = now() - interval '1 second' "
                + "WHERE purpose = 'EMAIL_CHANGE' AND identifier = $1", person.userId());

        confirm(token).then().statusCode(400).contentType("application/problem+json");
        confirm("x".repeat(43)).then().statusCode(400).contentType("application/problem+json");
        confirm("").then().statusCode(400).contentType("application/problem+json");
        assertEquals(person.email(), userRow(person.userId()).getString("email"));
    }

    @Test
    void badInputIsAProblemAndMailsNothing() {
        Person person = People.signUp(db, uniqueEmail("change-bad"));
        int mailsBefore = mailsTo(person.email()).size();

        for (Object body : new Object[] {Map.of("newEmail", "not an email", "password", PASSWORD),
                Map.of("newEmail", "", "password", PASSWORD), Map.of("password", PASSWORD),
                Map.of("newEmail", person.email().toUpperCase(), "password", PASSWORD),
                Map.of("newEmail", "a\tb@mosaic.test", "password", PASSWORD)}) {
            post(person, "change-email", body).then().statusCode(400).contentType("application/problem+json");
        }
        assertEquals(mailsBefore, mailsTo(person.email()).size());
        assertEquals(0, pendingChangesOf(person));
    }

    @Test
    void aNewPasswordCancelsAPendingChange() {
        Pending pending = pendingChange("cancel");
        Person person = pending.person();
        String token = pending.token();

        post(person, "change-password", Map.of("currentPassword", PASSWORD, "newPassword", "another passphrase"))
                .then().statusCode(204);

        confirm(token).then().statusCode(400);
        assertEquals(person.email(), userRow(person.userId()).getString("email"));
    }

    /** Else a stolen session could move the account to the thief's mailbox, and the thief could then reset its password. */
    @Test
    void aSessionAloneCannotMoveTheAccount() {
        Person person = People.signUp(db, uniqueEmail("change-no-password"));
        String newEmail = uniqueEmail("thief");
        int mailsBefore = mailsTo(person.email()).size();

        post(person, "change-email", Map.of("newEmail", newEmail)).then().statusCode(403)
                .contentType("application/problem+json");
        post(person, "change-email", Map.of("newEmail", newEmail, "password", "a guess at the password")).then()
                .statusCode(403).contentType("application/problem+json");

        assertEquals(0, pendingChangesOf(person));
        assertEquals(mailsBefore, mailsTo(person.email()).size(), "no notice either: nothing was asked for");
        assertTrue(mailsTo(newEmail).isEmpty());
    }

    /**
     * The owner, told by the notice that their address is about to change, resets the password: that ends every
     * session, the thief's too, and with it the change the thief asked for, even though the thief holds its link.
     */
    @Test
    void aPasswordResetVoidsAChangeThatAnEndedSessionAskedFor() {
        Pending pending = pendingChange("reset-voids");
        Person person = pending.person();
        given().contentType(ContentType.JSON).header("X-Forwarded-For", uniqueAddress())
                .body(Map.of("email", person.email())).post("/api/auth/request-password-reset").then().statusCode(202);
        given().contentType(ContentType.JSON)
                .body(Map.of("token", resetTokenMailedTo(person.email()), "newPassword", "the owner's new passphrase"))
                .post("/api/auth/reset-password").then().statusCode(204);

        confirm(pending.token()).then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("session that asked"));

        assertEquals(person.email(), userRow(person.userId()).getString("email"));
        signIn(person.email(), "the owner's new passphrase", uniqueAddress()).then().statusCode(200);
        signIn(pending.newEmail(), "the owner's new passphrase", uniqueAddress()).then().statusCode(401);
    }

    @Test
    void signingOutVoidsAPendingChange() {
        Pending pending = pendingChange("sign-out-voids");
        Person person = pending.person();
        given().auth().oauth2(person.sessionToken()).post("/api/auth/sign-out").then().statusCode(204);

        confirm(pending.token()).then().statusCode(400).contentType("application/problem+json");

        assertEquals(person.email(), userRow(person.userId()).getString("email"));
    }

    /** Admin comes only from a verified listed address: moving to one makes an admin, moving away unmakes one. */
    @Test
    void theAdminRoleFollowsTheAddress() {
        Person admin = People.signUp(db, "listed-change-away@mosaic.test");
        given().auth().oauth2(admin.sessionToken()).get("/api/auth/get-session").then().body("user.roles", hasItem("admin"));
        String unlisted = uniqueEmail("former-admin");
        post(admin, "change-email", Map.of("newEmail", unlisted, "password", PASSWORD)).then().statusCode(202);
        confirm(emailChangeTokenMailedTo(unlisted)).then().statusCode(204);
        given().auth().oauth2(admin.sessionToken()).get("/api/auth/get-session").then().statusCode(200)
                .body("user.roles", not(hasItem("admin")));

        Person person = People.signUp(db, uniqueEmail("future-admin"));
        post(person, "change-email", Map.of("newEmail", "listed-change-to@mosaic.test", "password", PASSWORD)).then().statusCode(202);
        given().auth().oauth2(person.sessionToken()).get("/api/auth/get-session").then()
                .body("user.roles", not(hasItem("admin")));
        confirm(emailChangeTokenMailedTo("listed-change-to@mosaic.test")).then().statusCode(204);
        given().auth().oauth2(person.sessionToken()).get("/api/auth/get-session").then().statusCode(200)
                .body("user.roles", hasItem("admin"));
    }
}
