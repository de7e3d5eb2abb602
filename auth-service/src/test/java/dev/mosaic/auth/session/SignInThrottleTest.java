package dev.mosaic.auth.session;

import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.passwordHashes;
import static dev.mosaic.auth.AuthApi.signIn;
import static dev.mosaic.auth.AuthApi.signUpAndVerify;
import static dev.mosaic.auth.AuthApi.uniqueAddress;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.auth.Concurrently;
import dev.mosaic.auth.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SignInThrottleTest {
    @Inject
    TestDatabase db;
    @ConfigProperty(name = "mosaic.auth.sign-in.max-failures-per-client")
    int perClient;
    @ConfigProperty(name = "mosaic.auth.sign-in.max-failures-per-address")
    int perAddress;
    @ConfigProperty(name = "mosaic.auth.sign-in.max-failures-per-account")
    int perAccount;

    @Test
    void signInWithWrongPasswordLooksLikeUnknownEmail() {
        String email = uniqueEmail("known");
        signUpAndVerify(email, PASSWORD).then().statusCode(200);

        Response wrongPassword = signIn(email, "not the password", uniqueAddress());
        Response unknownEmail = signIn(uniqueEmail("unknown"), "not the password", uniqueAddress());

        assertEquals(401, wrongPassword.statusCode());
        assertEquals(401, unknownEmail.statusCode());
        assertEquals(wrongPassword.contentType(), unknownEmail.contentType());
        assertEquals(wrongPassword.asString(), unknownEmail.asString(), "same body, byte for byte");
    }

    @Test
    void anUnknownEmailCostsAPasswordHashLikeAKnownOne() {
        String email = uniqueEmail("timing");
        signUpAndVerify(email, PASSWORD).then().statusCode(200);
        long known = 0;
        long unknown = 0;
        for (int i = 0; i < 3; i++) {
            known += signIn(email, "wrong " + i, uniqueAddress()).timeIn(TimeUnit.MILLISECONDS);
            unknown += signIn(uniqueEmail("nobody"), "wrong", uniqueAddress())
                    .timeIn(TimeUnit.MILLISECONDS);
        }
        assertTrue(unknown * 3 > known, "unknown email " + unknown + " ms vs known " + known
                + " ms: an unknown email must not answer much faster");
    }

    /** Before the fix all 100 were checked against the hash: the count was read before and written after it. */
    @Test
    void aHundredSimultaneousGuessesReachTheHashAtMostLimitTimesTheRestAre429() throws Exception {
        String email = uniqueEmail("stormed");
        signUpAndVerify(email, PASSWORD).then().statusCode(200);
        String attacker = uniqueAddress();
        double verificationsBefore = passwordHashes("verify");

        List<Concurrently.Timed<Response>> answers = Concurrently.run(100,
                i -> signIn(email, "guess " + i, attacker));

        double verified = passwordHashes("verify") - verificationsBefore;
        Map<Integer, Long> statuses = answers.stream()
                .collect(Collectors.groupingBy(answer -> answer.value().statusCode(), Collectors.counting()));
        assertTrue(verified <= perClient, verified + " password verifications for " + perClient + " allowed");
        assertEquals(Map.of(401, (long) perClient, 429, 100L - perClient), statuses,
                "the first " + perClient + " are checked (401), every other one is refused unchecked");
        assertEquals(perClient, verified, 0.0, "each 401 cost one verification, no 429 did");
        answers.stream().map(Concurrently.Timed::value).filter(answer -> answer.statusCode() == 429)
                .forEach(refused -> refused.then().contentType("application/problem+json")
                        .header("Retry-After", matchesPattern("\\d+")));
        assertEquals(perClient, db.count("SELECT hits FROM rate_limits WHERE key = $1", "sign-in:account:" + email),
                "a refused attempt counts nowhere: the account holds only the checked ones");
    }

    @Test
    void theOwnerFromAFreshAddressSignsInWhileTheAttackersAddressIsThrottled() throws Exception {
        String email = uniqueEmail("owner");
        signUpAndVerify(email, PASSWORD).then().statusCode(200);
        String attacker = uniqueAddress();
        Concurrently.run(20, i -> signIn(email, "guess " + i, attacker).statusCode());

        signIn(email, PASSWORD, attacker).then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", matchesPattern("\\d+"))
                .body("detail", containsString("Wait"));
        signIn(email, PASSWORD, uniqueAddress()).then().statusCode(200);
    }

    @Test
    void onceAnAccountIsGuessedAtFromManyAddressesEachGetsOneTryAndTheOwnerStillGetsIn() {
        String email = uniqueEmail("distributed");
        signUpAndVerify(email, PASSWORD).then().statusCode(200);
        int guesses = 0;
        while (guesses < perAccount) {
            String address = uniqueAddress();
            for (int i = 0; i < perClient && guesses < perAccount; i++, guesses++) {
                signIn(email, "guess " + guesses, address).then().statusCode(401);
            }
        }

        String lateAttacker = uniqueAddress();
        signIn(email, "one more guess", lateAttacker).then().statusCode(401);
        signIn(email, "and another", lateAttacker).then().statusCode(429).header("Retry-After", matchesPattern("\\d+"));
        signIn(email, PASSWORD, uniqueAddress()).then().statusCode(200);
        signIn(email, PASSWORD, lateAttacker).then().statusCode(429);
    }

    @Test
    void manyFailuresFromOneAddressLockThatAddressForEveryEmail() {
        String address = uniqueAddress();
        String victim = uniqueEmail("victim");
        signUpAndVerify(victim, PASSWORD).then().statusCode(200);
        for (int i = 0; i < perAddress; i++) {
            signIn(uniqueEmail("sprayed"), "guess", address).then().statusCode(401);
        }
        signIn(victim, PASSWORD, address).then().statusCode(429).header("Retry-After", matchesPattern("\\d+"));
        signIn(victim, PASSWORD, uniqueAddress()).then().statusCode(200);
    }

    @Test
    void anIpv6ClientIsKeyedByItsSlash64() {
        String email = uniqueEmail("ipv6");
        signUpAndVerify(email, PASSWORD).then().statusCode(200);
        Function<Integer, String> inOne64 = host -> "2001:db8:64:1:" + Integer.toHexString(host) + "::1";
        for (int i = 1; i <= perClient; i++) {
            signIn(email, "guess " + i, inOne64.apply(i)).then().statusCode(401);
        }
        signIn(email, PASSWORD, inOne64.apply(0xbeef)).then().statusCode(429);
        signIn(email, PASSWORD, "2001:db8:64:2::1").then().statusCode(200);
    }

    @Test
    void aSuccessfulSignInClearsItsClientsFailures() {
        String email = uniqueEmail("recovers");
        String address = uniqueAddress();
        signUpAndVerify(email, PASSWORD).then().statusCode(200);
        for (int i = 0; i < perClient - 1; i++) {
            signIn(email, "typo " + i, address).then().statusCode(401);
        }
        signIn(email, PASSWORD, address).then().statusCode(200);
        for (int i = 0; i < perClient - 1; i++) {
            signIn(email, "typo " + i, address).then().statusCode(401);
        }
        signIn(email, PASSWORD, address).then().statusCode(200);
    }
}
