package dev.mosaic.auth.session;

import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.signUpAndVerify;
import static dev.mosaic.auth.AuthApi.uniqueAddress;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.auth.TestDatabase;
import dev.mosaic.deploy.testing.LeavingClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A sign-in runs to its end when its client leaves midway (a timeout, a closed tab): cut off, it kept the attempt
 * counted against the account as a failure, however right the password was, and tore its session transaction.
 */
@QuarkusTest
class ClientLeavesMidSignInTest {
    private static final Duration SETTLED = Duration.ofSeconds(10);

    @Inject
    TestDatabase db;
    @TestHTTPResource("/")
    URI base;

    @Test
    void aRightPasswordWhoseClientLeftBeforeTheHashIsNotCountedAsAFailure() throws Exception {
        String email = uniqueEmail("leaves-early");
        signUpAndVerify(email, PASSWORD).then().statusCode(200);
        String address = uniqueAddress();

        LeavingClient client;
        try (TestDatabase.HeldLock credentialsRead = db.lockTable("users")) {
            client = signIn(email, address);
            await().atMost(SETTLED).until(() -> hits("sign-in:account:" + email) == 1);
            client.leave();
        }

        await().atMost(SETTLED).untilAsserted(() -> {
            assertEquals(0, rows("sign-in:client:" + address + "|" + email), "the client's count is cleared");
            assertEquals(0, hits("sign-in:address:" + address), "the attempt is given back to the address");
            assertEquals(0, hits("sign-in:account:" + email), "and to the account");
        });
    }

    @Test
    void aSessionWhoseClientLeftWhileItWasWrittenIsWrittenWhole() throws Exception {
        String email = uniqueEmail("leaves-late");
        signUpAndVerify(email, PASSWORD).then().statusCode(200);
        String userId = db.userId(email);
        long before = sessionsOf(userId);

        try (TestDatabase.HeldLock sessionWrite = db.lockTable("sessions")) {
            LeavingClient client = signIn(email, uniqueAddress());
            await().atMost(SETTLED).until(() -> db.count("SELECT count(*) FROM pg_stat_activity "
                    + "WHERE wait_event_type = 'Lock' AND query LIKE 'insert into sessions%'") == 1);
            client.leave();
        }

        await().atMost(SETTLED).until(() -> sessionsOf(userId) == before + 1);
        assertEquals(0, db.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND state = 'idle in transaction' AND query LIKE 'insert into sessions%'"),
                "no transaction is left open on a connection");
    }

    private LeavingClient signIn(String email, String address) throws Exception {
        return LeavingClient.post(base, "/api/auth/sign-in/email", Map.of("X-Forwarded-For", address),
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
    }

    private long sessionsOf(String userId) {
        return db.count("SELECT count(*) FROM sessions WHERE user_id = $1::uuid", userId);
    }

    private long hits(String key) {
        return db.count("SELECT coalesce(sum(hits), 0) FROM rate_limits WHERE key = $1", key);
    }

    private long rows(String key) {
        return db.count("SELECT count(*) FROM rate_limits WHERE key = $1", key);
    }
}
