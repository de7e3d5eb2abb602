package dev.mosaic.jobs.idempotency;

import dev.mosaic.shared.crypto.Sha256;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import java.util.List;
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

    /**
     * The key of a request's {@code Idempotency-Key} header lines, or null when it sent none (an empty line counts as
     * none, as a lone empty one always has). Several keys are refused rather than one picked: the client meant one,
     * and with the other a repeat is a second effect instead of the first answer. A comma counts as several, since an
     * intermediary may join two header lines into one with a comma: a key with a comma cannot be told from two keys.
     */
    static String keyOf(List<String> headerLines) {
        if (headerLines.isEmpty()) {
            return null;
        }
        String key = headerLines.get(0);
        if (headerLines.size() > 1 || key.indexOf(',') >= 0) {
            throw new ProblemException(Problem.of(ProblemType.MALFORMED_REQUEST, "Send exactly one " + HEADER
                    + ": this request carries several (more than one " + HEADER + " header, or a comma-separated "
                    + "list). Nothing was done."));
        }
        return key;
    }

    static IdempotentCall of(String key, String actor, UUID jobId, String operation, String canonicalBody) {
        if (!VALID_KEY.matcher(key).matches()) {
            throw new ProblemException(Problem.of(ProblemType.MALFORMED_REQUEST,
                    HEADER + " must be 1 to 255 visible ASCII characters other than the comma, such as a UUID."));
        }
        return new IdempotentCall(actor, key, jobId, Sha256.hexOf(operation + "\n" + jobId + "\n" + canonicalBody));
    }

    /** The answer to this key sent with another request than the one it was first used for. */
    public ProblemException reused() {
        return new ProblemException(Problem.of(ProblemType.IDEMPOTENCY_KEY_REUSED,
                HEADER + " '" + key + "' was already used for a different request. Use a new key per call."));
    }
}
