package dev.mosaic.auth.ratelimit;

import static dev.mosaic.auth.AuthApi.signIn;
import static dev.mosaic.auth.AuthApi.uniqueAddress;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.auth.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Counters whose window ended are deleted on a schedule (every second in the test profile); live ones stay. */
@QuarkusTest
class RateLimitPurgeTest {
    private static final String ROWS_OF = "SELECT count(*) FROM rate_limits WHERE key LIKE '%' || $1";

    @Inject
    TestDatabase db;

    @Test
    void rowsWhoseWindowEndedArePurgedOnScheduleAndLiveOnesStay() {
        String ended = uniqueEmail("ended");
        String live = uniqueEmail("live");
        signIn(ended, "wrong", uniqueAddress()).then().statusCode(401);
        signIn(live, "wrong", uniqueAddress()).then().statusCode(401);
        assertEquals(2, db.count(ROWS_OF, ended), "the client's and the account's counter");

        db.update("UPDATE rate_limits SET window_ends = now() - interval '1 second' WHERE key LIKE '%' || $1", ended);

        await().atMost(Duration.ofSeconds(10)).until(() -> db.count(ROWS_OF, ended) == 0);
        assertEquals(2, db.count(ROWS_OF, live));
    }
}
