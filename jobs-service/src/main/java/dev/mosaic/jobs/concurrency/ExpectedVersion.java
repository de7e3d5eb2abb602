package dev.mosaic.jobs.concurrency;

import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client's {@code If-Match}: the version (ETag) it last read, or any version when absent, empty or
 * {@code *}. A stale one is refused at once with 412, never retried: the client must re-read.
 *
 * <p>Only an ETag as served matches: quoted decimal digits, as {@code "3"}. If-Match compares strongly (RFC 9110),
 * so a weak tag ({@code W/"3"}) could never match, and spellings that merely parse to the same number ({@code "03"},
 * {@code "+3"}) are not the tag we served: each is a 400 that says what to send, never a silent match.
 */
public record ExpectedVersion(Integer version) {
    public static final ExpectedVersion ANY = new ExpectedVersion(null);
    private static final Pattern SERVED_TAG = Pattern.compile("\"(0|[1-9][0-9]{0,9})\"");

    public static ExpectedVersion fromIfMatch(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return ANY;
        }
        Matcher tag = SERVED_TAG.matcher(ifMatch.trim());
        long version = tag.matches() ? Long.parseLong(tag.group(1)) : -1;
        if (version < 0 || version > Integer.MAX_VALUE) {
            throw new ProblemException(Problem.of(ProblemType.MALFORMED_REQUEST, "If-Match must be the job's ETag "
                    + "as served, quoted, such as \"3\" (a weak W/ tag never matches); got " + ifMatch + "."));
        }
        return new ExpectedVersion((int) version);
    }

    public void check(UUID jobId, int currentVersion) {
        if (version != null && version != currentVersion) {
            throw new ProblemException(Problem.of(ProblemType.PRECONDITION_FAILED, "Job " + jobId
                    + " has changed since you read it (If-Match \"" + version + "\", current \"" + currentVersion
                    + "\"). Read it again and decide anew.").with("currentVersion", currentVersion));
        }
    }
}
