package dev.mosaic.jobs.idempotency;

import dev.mosaic.shared.crypto.Sha256;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One mutating call as its {@code Idempotency-Key} names it: who sent it, the key, and a hash of
 * what was asked (operation, job, body), so that a key reused for another request is refused.
 * {@code jobId} is null for a call that creates the job.
 */
public record IdempotentCall(String actor, String key, UUID jobId, String requestHash) {
    public static final String HEADER = "Idempotency-Key";
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    static IdempotentCall of(String key, String actor, UUID jobId, String operation, String canonicalBody) {
        if (!VALID_KEY.matcher(key).matches()) {
            throw new ProblemException(Problem.of(ProblemType.MALFORMED_REQUEST,
                    HEADER + " must be 1 to 255 visible ASCII characters, such as a UUID."));
        }
        return new IdempotentCall(actor, key, jobId, Sha256.hexOf(operation + "\n" + jobId + "\n" + canonicalBody));
    }
}
