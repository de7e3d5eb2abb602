package dev.mosaic.auth.session;

import dev.mosaic.auth.ratelimit.ClientInfo;
import dev.mosaic.auth.ratelimit.RateLimits;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Stops password guessing without handing attackers a way to lock owners out. Every sign-in attempt is
 * counted before its password is hashed, atomically ({@link RateLimits}), against three keys within the
 * window: the client (email and client address), the client address, and the account (email). An attempt is
 * checked against the hash only when:
 * <ul>
 * <li>its client has at most {@code max-failures-per-client} attempts: guessing one account from one place;</li>
 * <li>its address has at most {@code max-failures-per-address}: spraying one password over many accounts;</li>
 * <li>the account has at most {@code max-failures-per-account}, <em>or</em> this is the client's first attempt
 * at it in the window: once an account is guessed at from many places, each place gets one try, so a
 * distributed attacker gains one guess per address while the owner, who has not failed, still signs in.</li>
 * </ul>
 * A correct password gives its attempt back and clears its client's count. An unknown email counts alike.
 */
@ApplicationScoped
public class SignInThrottle {
    private final SignInThrottleConfig config;
    private final RateLimits limits;

    SignInThrottle(SignInThrottleConfig config, RateLimits limits) {
        this.config = config;
        this.limits = limits;
    }

    private record Keys(String client, String address, String account) {
        static Keys of(String normalizedEmail, ClientInfo client) {
            String address = RateLimits.addressKey(client.address());
            return new Keys("sign-in:client:" + address + "|" + normalizedEmail, "sign-in:address:" + address,
                    "sign-in:account:" + normalizedEmail);
        }

        List<String> all() {
            return List.of(client, address, account);
        }
    }

    /** Counts the attempt; 429 with {@code Retry-After} when it must not reach the password hash. */
    public Uni<Void> admit(String email, ClientInfo client) {
        Keys keys = Keys.of(email, client);
        return limits.hit(config.window(), keys.all(), hits -> {
            Instant until = RateLimits.overLimitUntil(hits, Map.of(keys.client(), config.maxFailuresPerClient(),
                    keys.address(), config.maxFailuresPerAddress()));
            RateLimits.Hits byClient = hits.get(keys.client());
            RateLimits.Hits byAccount = hits.get(keys.account());
            if (byAccount.count() > config.maxFailuresPerAccount() && byClient.count() > 1) {
                Instant firstEnds = byClient.windowEnds().isBefore(byAccount.windowEnds()) ? byClient.windowEnds()
                        : byAccount.windowEnds();
                until = RateLimits.later(until, firstEnds);
            }
            return until;
        }, "Too many failed sign-ins.");
    }

    /** The password was right: the attempt was no guess, and the client has proven itself. */
    public Uni<Void> succeeded(String email, ClientInfo client) {
        Keys keys = Keys.of(email, client);
        return limits.forget(List.of(keys.client())).chain(() -> limits.giveBack(List.of(keys.address(), keys.account())));
    }

    /** The attempt could not be checked (the service was too busy): it spent nothing. */
    public Uni<Void> notChecked(String email, ClientInfo client) {
        return limits.giveBack(Keys.of(email, client).all());
    }
}
