package dev.mosaic.auth.crypto;

import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.passwordHashes;
import static dev.mosaic.auth.AuthApi.signUp;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.auth.Concurrently;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Argon2id work is bounded: a full queue answers 503 at once, and cheap checks come before any hash, except
 * where skipping the hash would tell who has an account.
 */
@QuarkusTest
class HashingBoundsTest {
    @Inject
    CpuWork cpu;

    @Test
    void aFloodBeyondTheQueueGetsQuick503sWhileTheServiceStaysResponsive() throws Exception {
        int flood = cpu.capacity() * 3 + 20;
        CompletableFuture<List<Concurrently.Timed<Response>>> floodAnswers = CompletableFuture.supplyAsync(() -> {
            try {
                return Concurrently.run(flood, i -> signUp(uniqueEmail("flood"), PASSWORD));
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        List<Long> jwksMillis = new ArrayList<>();
        while (!floodAnswers.isDone()) {
            long start = System.nanoTime();
            given().get("/api/auth/jwks").then().statusCode(200);
            jwksMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
        List<Concurrently.Timed<Response>> answers = floodAnswers.get();

        List<Long> created = millisOf(answers, answer -> answer.statusCode() == 202);
        List<Long> refused = millisOf(answers, answer -> answer.statusCode() == 503);
        String measured = created.size() + " created " + created + " ms; " + refused.size() + " refused " + refused
                + " ms; JWKS during the flood " + jwksMillis + " ms; capacity " + cpu.capacity();
        System.out.println(measured);
        assertEquals(flood, created.size() + refused.size(), "only 202 or 503: " + measured);
        assertTrue(!refused.isEmpty() && !created.isEmpty(), measured);
        answers.stream().map(Concurrently.Timed::value).filter(answer -> answer.statusCode() == 503)
                .forEach(busy -> busy.then().contentType("application/problem+json")
                        .header("Retry-After", matchesPattern("\\d+")));
        // Refused at once, not after waiting in the queue behind the hashes that were let in.
        assertTrue(median(refused) < median(created), measured);
        assertTrue(refused.get(refused.size() - 1) < created.get(created.size() - 1), measured);
        assertTrue(!jwksMillis.isEmpty() && median(jwksMillis) < median(created), measured);
    }

    /** Before the fix the new password was hashed first, whatever the token. */
    @Test
    void anUnknownResetTokenIsRefusedWithoutHashing() {
        double hashesBefore = passwordHashes("hash");
        given().contentType(ContentType.JSON)
                .body(Map.of("token", OpaqueTokens.generate(), "newPassword", "a brand new passphrase"))
                .post("/api/auth/reset-password")
                .then().statusCode(400).contentType("application/problem+json");
        assertEquals(hashesBefore, passwordHashes("hash"), 0.0, "no argon2id run for a made-up token");
    }

    /** A taken email must not answer sooner than a new one: both cost one hash, so timing does not tell them apart. */
    @Test
    void aSignUpCostsOneHashWhetherOrNotTheEmailIsTaken() {
        String email = uniqueEmail("taken");
        double before = passwordHashes("hash");
        signUp(email, PASSWORD).then().statusCode(202);
        double afterNew = passwordHashes("hash");
        signUp(email, "another passphrase").then().statusCode(202);
        assertEquals(1, afterNew - before, 0.0, "a new email");
        assertEquals(1, passwordHashes("hash") - afterNew, 0.0, "a taken email");
    }

    private static List<Long> millisOf(List<Concurrently.Timed<Response>> answers, Predicate<Response> which) {
        return answers.stream().filter(answer -> which.test(answer.value())).map(Concurrently.Timed::millis).sorted()
                .toList();
    }

    private static long median(List<Long> sortedMillis) {
        return sortedMillis.get(sortedMillis.size() / 2);
    }
}
