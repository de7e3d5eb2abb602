package dev.mosaic.auth.session;

import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Stops password guessing: after too many failures within the window, per email and per client
 * address, sign-in answers 429 until the oldest of those failures leaves the window. Failures live
 * in the database, so all replicas count together. An unknown email is throttled like a known one.
 */
@ApplicationScoped
public class SignInThrottle {
    private final SignInThrottleConfig config;

    SignInThrottle(SignInThrottleConfig config) {
        this.config = config;
    }

    public Uni<Void> checkAllowed(String email, ClientInfo client) {
        Instant now = Instant.now();
        Instant since = now.minus(config.window());
        return SignInFailure.nthMostRecent(emailSubject(email), since, config.maxFailuresPerEmail())
                .chain(byEmail -> SignInFailure.nthMostRecent(addressSubject(client), since,
                        config.maxFailuresPerAddress()).map(byAddress -> lockedUntil(byEmail, byAddress)))
                .map(lockedUntil -> {
                    if (lockedUntil != null) {
                        long seconds = Math.max(1, Duration.between(now, lockedUntil).toSeconds() + 1);
                        throw new ProblemException(Problem.of(ProblemType.TOO_MANY_REQUESTS,
                                "Too many failed sign-ins. Wait " + seconds + " seconds, or reset your password.")
                                .with("retryAfterSeconds", seconds),
                                Map.of("Retry-After", Long.toString(seconds)));
                    }
                    return null;
                });
    }

    public Uni<Void> recordFailure(String email, ClientInfo client) {
        Instant now = Instant.now();
        Instant expired = now.minus(config.window());
        return SignInFailure.forgetOlderThan(emailSubject(email), expired)
                .chain(() -> SignInFailure.forgetOlderThan(addressSubject(client), expired))
                .chain(() -> SignInFailure.of(emailSubject(email), now).persist())
                .chain(() -> SignInFailure.of(addressSubject(client), now).persist())
                .replaceWithVoid();
    }

    /** A correct password clears the email's count; the address keeps its count, it may be guessing many emails. */
    public Uni<Void> recordSuccess(String email) {
        return SignInFailure.forget(emailSubject(email)).replaceWithVoid();
    }

    private Instant lockedUntil(SignInFailure byEmail, SignInFailure byAddress) {
        Instant until = null;
        for (SignInFailure limiting : new SignInFailure[] {byEmail, byAddress}) {
            if (limiting != null) {
                Instant end = limiting.failedAt.plus(config.window());
                until = until == null || end.isAfter(until) ? end : until;
            }
        }
        return until;
    }

    private static String emailSubject(String normalizedEmail) {
        return "email:" + normalizedEmail;
    }

    private static String addressSubject(ClientInfo client) {
        return "address:" + client.address();
    }
}
