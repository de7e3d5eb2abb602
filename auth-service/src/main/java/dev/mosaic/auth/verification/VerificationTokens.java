package dev.mosaic.auth.verification;

import dev.mosaic.auth.crypto.OpaqueTokens;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** Issues and redeems one-time tokens (mailed links, sign-in states), in the caller's transaction when one is open. */
@ApplicationScoped
public class VerificationTokens {

    /** A fresh token; earlier unused tokens of the same purpose for the same identifier stop working. */
    @WithTransaction
    public Uni<String> issue(VerificationPurpose purpose, String identifier, Duration lifetime) {
        return reissueWithPayload(purpose, identifier, null, lifetime);
    }

    /**
     * Like {@link #issue}, carrying {@code payload} (which the caller seals if it is secret): earlier unused tokens of
     * the purpose for the identifier stop working, so only the last link mailed counts.
     */
    @WithTransaction
    public Uni<String> reissueWithPayload(VerificationPurpose purpose, String identifier, String payload,
            Duration lifetime) {
        String token = OpaqueTokens.generate();
        Verification verification = Verification.of(purpose, identifier, token, Instant.now().plus(lifetime));
        verification.payload = payload;
        return Verification.deleteAllFor(purpose, identifier).chain(() -> verification.persist()).replaceWith(token);
    }

    /**
     * Within the caller's transaction: every unused token issued for {@code identifier} (a user's id), of every
     * purpose, stops working, e.g. once the address they were mailed to is no longer the user's.
     */
    @WithTransaction
    public Uni<Long> revokeAllFor(String identifier) {
        return Verification.delete("identifier", identifier);
    }

    /** Within the caller's transaction: the unused tokens of {@code purpose} issued for {@code identifier} stop working. */
    @WithTransaction
    public Uni<Long> cancel(VerificationPurpose purpose, String identifier) {
        return Verification.deleteAllFor(purpose, identifier);
    }

    /** What a token was issued for and with. */
    public record Issued(String identifier, String payload) {
    }

    /**
     * A fresh token carrying {@code payload}; unlike {@link #issue}, other live tokens of the purpose
     * stay valid (one person may run several sign-ins at once). Expired ones of the purpose are swept.
     * {@code token} is the caller's own random value (e.g. an OAuth {@code state}); only its hash is kept.
     */
    @WithTransaction
    public Uni<Void> issueWithPayload(VerificationPurpose purpose, String identifier, String token, String payload,
            Duration lifetime) {
        Instant now = Instant.now();
        Verification verification = Verification.of(purpose, identifier, token, now.plus(lifetime));
        verification.payload = payload;
        return Verification.deleteExpired(purpose, now).chain(() -> verification.persist()).replaceWithVoid();
    }

    /** Like {@link #redeem}, with the payload: null when unknown, expired or used already. */
    @WithTransaction
    public Uni<Issued> redeemWithPayload(VerificationPurpose purpose, String token) {
        return Verification.findValid(purpose, token, Instant.now()).chain(verification -> {
            if (verification == null) {
                return Uni.createFrom().nullItem();
            }
            return Verification.delete("id", verification.id)
                    .map(deleted -> deleted == 1 ? new Issued(verification.identifier, verification.payload) : null);
        });
    }

    /**
     * What a live token was issued for and with, without spending it: a look before expensive work, which
     * {@link #redeemWithPayload} confirms. Null when unknown, expired or used.
     */
    @WithSession
    public Uni<Issued> peek(VerificationPurpose purpose, String token) {
        return Verification.findValid(purpose, token, Instant.now()).map(verification -> verification == null ? null
                : new Issued(verification.identifier, verification.payload));
    }

    /** Whether the token would redeem now: a cheap check before expensive work, which {@link #redeem} confirms. */
    public Uni<Boolean> isLive(VerificationPurpose purpose, String token) {
        return peek(purpose, token).map(Objects::nonNull);
    }

    /**
     * Redeems a token once: the identifier it was issued for, or null when it is unknown, expired
     * or used. Of two concurrent redemptions only the one whose delete removes the row wins.
     */
    @WithTransaction
    public Uni<String> redeem(VerificationPurpose purpose, String token) {
        return Verification.findValid(purpose, token, Instant.now()).chain(verification -> {
            if (verification == null) {
                return Uni.createFrom().nullItem();
            }
            return Verification.delete("id", verification.id)
                    .map(deleted -> deleted == 1 ? verification.identifier : null);
        });
    }
}
