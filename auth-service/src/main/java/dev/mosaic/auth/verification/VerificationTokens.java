package dev.mosaic.auth.verification;

import dev.mosaic.auth.crypto.OpaqueTokens;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/** Issues and redeems mailed one-time tokens. Callers run these inside a transaction. */
@ApplicationScoped
public class VerificationTokens {

    /** A fresh token; earlier unused tokens of the same purpose for the same identifier stop working. */
    public Uni<String> issue(VerificationPurpose purpose, String identifier, Duration lifetime) {
        String token = OpaqueTokens.generate();
        return Verification.deleteAllFor(purpose, identifier)
                .chain(() -> Verification.of(purpose, identifier, token, Instant.now().plus(lifetime)).persist())
                .replaceWith(token);
    }

    /**
     * Redeems a token once: the identifier it was issued for, or null when it is unknown, expired
     * or used. Of two concurrent redemptions only the one whose delete removes the row wins.
     */
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
