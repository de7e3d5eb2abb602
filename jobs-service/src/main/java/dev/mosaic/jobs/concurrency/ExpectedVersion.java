package dev.mosaic.jobs.concurrency;

import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import java.util.UUID;

/**
 * A client's {@code If-Match}: the version (ETag) it last read, or any version when absent or
 * {@code *}. A stale one is refused at once with 412, never retried: the client must re-read.
 */
public record ExpectedVersion(Integer version) {
    public static final ExpectedVersion ANY = new ExpectedVersion(null);

    public static ExpectedVersion fromIfMatch(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return ANY;
        }
        String tag = ifMatch.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        try {
            return new ExpectedVersion(Integer.parseInt(tag));
        } catch (NumberFormatException e) {
            throw new ProblemException(Problem.of(ProblemType.MALFORMED_REQUEST,
                    "If-Match must be the job's ETag as served, such as \"3\"; got " + ifMatch + "."));
        }
    }

    public void check(UUID jobId, int currentVersion) {
        if (version != null && version != currentVersion) {
            throw new ProblemException(Problem.of(ProblemType.PRECONDITION_FAILED, "Job " + jobId
                    + " has changed since you read it (If-Match \"" + version + "\", current \"" + currentVersion
                    + "\"). Read it again and decide anew.").with("currentVersion", currentVersion));
        }
    }
}
