package dev.mosaic.jobs.job;

import dev.mosaic.shared.crypto.Sha256;
import dev.mosaic.shared.jobs.JobLease;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lease token as a coordinator sends it in {@value JobLease#HEADER}: {@code <epoch>.<secret>}.
 * The epoch is the job's claim count at the claim that made the token, so a newer claim's token
 * is visibly newer; the secret makes it unguessable and is kept only as its SHA-256.
 */
public record LeaseToken(long epoch, String secret) {
    private static final Pattern FORMAT = Pattern.compile("([0-9]{1,18})\\.([0-9a-f-]{36})");

    /** @return the token, or null when the header was not sent */
    public static LeaseToken fromHeader(String header) {
        if (header == null) {
            return null;
        }
        Matcher token = FORMAT.matcher(header.trim());
        if (!token.matches()) {
            throw new ProblemException(Problem.of(ProblemType.MALFORMED_REQUEST, JobLease.HEADER
                    + " must be the lease token a claim gave out, unchanged."));
        }
        return new LeaseToken(Long.parseLong(token.group(1)), token.group(2));
    }

    public static String format(long epoch, String secret) {
        return epoch + "." + secret;
    }

    public byte[] secretHash() {
        return Sha256.of(secret);
    }
}
