package dev.mosaic.jobs.concurrency;

import dev.mosaic.shared.sql.UniqueViolations;
import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleStateException;

/**
 * Recognises a lost race: a version-checked UPDATE that found zero rows, or two calls with the
 * same Idempotency-Key inserting their answer at once. Both are worth another attempt.
 */
public final class StaleWrites {
    private static final String IDEMPOTENCY_KEY_CONSTRAINT = "idempotency_keys_actor_idempotency_key_key";

    private StaleWrites() {
    }

    public static boolean isLostRace(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof StaleStateException || cause instanceof OptimisticLockException) {
                return true;
            }
        }
        return UniqueViolations.isOn(failure, IDEMPOTENCY_KEY_CONSTRAINT);
    }
}
