package dev.mosaic.auth.password;

import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.signIn;
import static dev.mosaic.auth.AuthApi.signUpAndVerify;
import static dev.mosaic.auth.AuthApi.uniqueAddress;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Argon2id is slow on purpose. If it ran on the event loop, ten concurrent sign-ins would stall
 * the loops for several hash times; a liveness probe polled meanwhile would wait just as long.
 */
@QuarkusTest
class EventLoopStaysFreeTest {
    private static final int SIGN_INS = 10;

    @Test
    void tenConcurrentSignInsLeaveTheHealthProbeFast() throws Exception {
        String email = uniqueEmail("concurrent");
        signUpAndVerify(email, PASSWORD).then().statusCode(200);
        long oneSignIn = timed(() -> signIn(email, PASSWORD, uniqueAddress()).then().statusCode(200));

        ExecutorService pool = Executors.newFixedThreadPool(SIGN_INS);
        try {
            List<CompletableFuture<Integer>> signIns = new ArrayList<>();
            for (int i = 0; i < SIGN_INS; i++) {
                signIns.add(CompletableFuture.supplyAsync(
                        () -> signIn(email, PASSWORD, uniqueAddress()).statusCode(), pool));
            }
            long burstStart = System.nanoTime();
            List<Long> probeMillis = new ArrayList<>();
            while (!CompletableFuture.allOf(signIns.toArray(CompletableFuture[]::new)).isDone()) {
                probeMillis.add(timed(() -> given().get("/q/health/live").then().statusCode(200)));
            }
            long burst = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - burstStart);
            for (CompletableFuture<Integer> signInStatus : signIns) {
                assertEquals(200, signInStatus.get(30, TimeUnit.SECONDS));
            }
            probeMillis.sort(Long::compare);
            long worst = probeMillis.get(probeMillis.size() - 1);
            long median = probeMillis.get(probeMillis.size() / 2);
            String measured = "probes " + probeMillis + " ms during a burst of " + burst + " ms; one sign-in alone "
                    + oneSignIn + " ms";
            System.out.println(measured);
            // On the event loop, a probe would queue behind whole hashes: for most of the burst.
            assertTrue(probeMillis.size() >= 5, measured);
            assertTrue(median < oneSignIn, measured);
            assertTrue(worst < burst / 2, measured);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long timed(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
