package dev.mosaic.auth.account;

import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.signIn;
import static dev.mosaic.auth.AuthApi.uniqueAddress;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static dev.mosaic.auth.account.People.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.auth.Concurrently;
import dev.mosaic.auth.TestDatabase;
import dev.mosaic.auth.account.People.Person;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** list-accounts and unlink-account: every way to sign in is listed, and the last one never goes, even under races. */
@QuarkusTest
class LinkedAccountsTest {
    @Inject
    TestDatabase db;

    private long accountsOf(Person person) {
        return db.count("SELECT count(*) FROM accounts WHERE user_id = $1::uuid", person.userId());
    }

    @Test
    void thePasswordAndEverySsoIdentityAreListedAndOneUnlinks() {
        Person person = People.signUp(db, uniqueEmail("linked"));
        People.linkIdentity(db, person.userId(), "acme", "acme-" + person.userId());
        People.linkIdentity(db, person.userId(), "keycloak", "kc-" + person.userId());

        given().auth().oauth2(person.sessionToken()).get("/api/auth/list-accounts").then().statusCode(200)
                .body("providerId", containsInAnyOrder("credential", "acme", "keycloak"))
                .body("find { it.providerId == 'acme' }.accountId", equalTo("acme-" + person.userId()))
                .body("find { it.providerId == 'credential' }.accountId", equalTo(person.userId()));

        post(person, "unlink-account", Map.of("providerId", "acme")).then().statusCode(204);
        post(person, "unlink-account", Map.of("providerId", "acme")).then().statusCode(404)
                .contentType("application/problem+json");
        post(person, "unlink-account", Map.of("providerId", "keycloak", "accountId", "someone-else")).then()
                .statusCode(404);
        post(person, "unlink-account", Map.of("providerId", "credential")).then().statusCode(204);

        given().auth().oauth2(person.sessionToken()).get("/api/auth/list-accounts").then().statusCode(200)
                .body("providerId", containsInAnyOrder("keycloak"));
        signIn(person.email(), PASSWORD, uniqueAddress()).then().statusCode(401);
    }

    @Test
    void theLastWayToSignInStays() {
        Person person = People.signUp(db, uniqueEmail("last-way"));

        post(person, "unlink-account", Map.of("providerId", "credential")).then().statusCode(409)
                .contentType("application/problem+json");

        assertEquals(1, accountsOf(person));
        signIn(person.email(), PASSWORD, uniqueAddress()).then().statusCode(200);
    }

    @Test
    void badInputIsAProblemAndUnlinksNothing() {
        Person person = People.signUp(db, uniqueEmail("unlink-bad"));
        People.linkIdentity(db, person.userId(), "acme", "acme-" + person.userId());

        for (Object body : new Object[] {Map.of(), Map.of("providerId", ""), Map.of("providerId", "x".repeat(65)),
                Map.of("providerId", "acme", "accountId", "a\tb"), List.of("acme")}) {
            post(person, "unlink-account", body).then().statusCode(400).contentType("application/problem+json");
        }
        assertEquals(2, accountsOf(person));
    }

    /**
     * Every way to sign in unlinked at once, by real concurrent calls: without the user row's lock each would count
     * all of them and go ahead, leaving none.
     */
    @Test
    void unlinkingEveryWayAtOnceLeavesExactlyOne() throws Exception {
        for (int round = 0; round < 3; round++) {
            Person person = People.signUp(db, uniqueEmail("unlink-race"));
            List<Map<String, String>> ways = new ArrayList<>(List.of(Map.of("providerId", "credential")));
            for (int i = 0; i < 4; i++) {
                People.linkIdentity(db, person.userId(), "provider" + i, "sub-" + i + "-" + person.userId());
                ways.add(Map.of("providerId", "provider" + i));
            }

            List<Integer> statuses = Concurrently.run(ways.size(),
                    i -> post(person, "unlink-account", ways.get(i)).statusCode()).stream()
                    .map(Concurrently.Timed::value).sorted().toList();

            assertEquals(List.of(204, 204, 204, 204, 409), statuses);
            assertEquals(1, accountsOf(person));
        }
    }
}
