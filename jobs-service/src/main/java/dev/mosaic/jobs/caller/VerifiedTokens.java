package dev.mosaic.jobs.caller;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.crypto.Sha256;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Tokens this replica has verified, so that a token sent again (a coordinator sends the same one for
 * its whole lifetime) costs a SHA-256 and a lookup instead of parsing and an RSA verification.
 * Keyed by the SHA-256 of the whole token, so a token that differs anywhere (another payload under a
 * copied signature) is verified afresh; the token itself is not kept. An entry is used only until the
 * token's {@code exp} (plus the clock skew verification allows), and only while the keys it was verified
 * against are still the keys held (a key withdrawn from the JWKS ends its tokens here too). At most
 * {@code cache-size} entries (Caffeine, size-bounded, eviction on the caller's thread). Revocation is not
 * cached: {@code RevocationCheck} runs on every request after this.
 */
@Singleton
public class VerifiedTokens {
    /**
     * A verified token: its principal and the caller it names (roles included), usable until {@code usableUntil},
     * verified against {@code keys}.
     */
    record Verified(JsonWebToken principal, AuthUser caller, Instant usableUntil, TokenKeys.KeySet keys) {
    }

    private final Cache<ByteBuffer, Verified> cache;
    private final Counter hits;
    private final Counter misses;

    VerifiedTokens(@ConfigProperty(name = "mosaic.jobs.tokens.cache-size") int maxSize, MeterRegistry metrics) {
        cache = Caffeine.newBuilder()
                .maximumSize(maxSize)
                .expireAfter(Expiry.creating((ByteBuffer hash, Verified verified) ->
                        Duration.between(Instant.now(), verified.usableUntil())))
                .executor(Runnable::run)
                .build();
        metrics.gauge("mosaic.jobs.tokens.cached", cache, Cache::estimatedSize);
        hits = metrics.counter("mosaic.jobs.tokens.cache", "result", "hit");
        misses = metrics.counter("mosaic.jobs.tokens.cache", "result", "miss");
    }

    /** The key of {@code token} in this cache. */
    static ByteBuffer keyOf(String token) {
        return ByteBuffer.wrap(Sha256.of(token));
    }

    /** The verified token under {@code key}, if it is still usable at {@code now} with the keys {@code held}. */
    Verified find(ByteBuffer key, Instant now, TokenKeys.KeySet held) {
        Verified verified = cache.getIfPresent(key);
        if (verified != null && (verified.keys() != held || !now.isBefore(verified.usableUntil()))) {
            cache.invalidate(key);
            verified = null;
        }
        (verified != null ? hits : misses).increment();
        return verified;
    }

    void remember(ByteBuffer key, Verified verified) {
        cache.put(key, verified);
    }

    /** How many entries are held, after pending evictions. */
    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
