package dev.mosaic.jobs.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/** The cache of verified tokens on its own: its bound and its end at a token's expiry. */
class VerifiedTokensTest {
    private static final TokenKeys.KeySet KEYS = TokenKeys.KeySet.NONE;

    private static VerifiedTokens.Verified usableUntil(Instant until) {
        return new VerifiedTokens.Verified(new DefaultJWTCallerPrincipal(new JwtClaims()), null, until, KEYS);
    }

    @Test
    void holdsAtMostItsSizeHoweverManyTokensAreVerified() {
        VerifiedTokens cache = new VerifiedTokens(64, new SimpleMeterRegistry());
        Instant later = Instant.now().plusSeconds(900);
        for (int i = 0; i < 10_000; i++) {
            cache.remember(VerifiedTokens.keyOf("token-" + i), usableUntil(later));
        }
        assertTrue(cache.size() <= 64, "held " + cache.size());
        assertTrue(cache.size() > 0, "still holds some");
    }

    @Test
    void aTokenIsFoundUntilItIsNoLongerUsableAndNotAfter() {
        VerifiedTokens cache = new VerifiedTokens(64, new SimpleMeterRegistry());
        Instant now = Instant.now();
        ByteBuffer key = VerifiedTokens.keyOf("a.b.c");
        cache.remember(key, usableUntil(now.plusSeconds(30)));

        assertNotNull(cache.find(key, now, KEYS));
        assertNotNull(cache.find(key, now.plusSeconds(29), KEYS));
        assertNull(cache.find(key, now.plusSeconds(30), KEYS), "not at its end");
        assertNull(cache.find(key, now, KEYS), "and dropped then");
        assertEquals(0, cache.size());
    }

    @Test
    void aTokenDifferingInOneCharacterIsNotFound() {
        VerifiedTokens cache = new VerifiedTokens(64, new SimpleMeterRegistry());
        Instant now = Instant.now();
        cache.remember(VerifiedTokens.keyOf("header.payload.signature"), usableUntil(now.plusSeconds(30)));
        assertNull(cache.find(VerifiedTokens.keyOf("header.payloaD.signature"), now, KEYS));
    }
}
