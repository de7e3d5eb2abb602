package dev.mosaic.shared.jobs;

/** Bounds of the job API that clients can rely on. */
public final class JobLimits {
    public static final int MIN_PRIORITY = 0;
    public static final int MAX_PRIORITY = 100;
    public static final int DEFAULT_PRIORITY = 50;
    public static final int MAX_PAGE_SIZE = 100;
    public static final int DEFAULT_PAGE_SIZE = 20;
    /** A page of a job's timeline ({@code GET …/events}), its default and most: a timeline has no bound of its own. */
    public static final int MAX_EVENTS_PAGE = 1000;
    public static final int MAX_STEP_LENGTH = 500;
    public static final int MAX_ERROR_LENGTH = 10_000;
    public static final int MAX_REASON_LENGTH = 1_000;
    public static final int MAX_TYPE_LENGTH = 100;
    public static final String TYPE_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:-]*";
    public static final String TYPE_RULE =
            "must start with a letter or digit and contain only letters, digits, '.', '_', ':' or '-'";
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final int MAX_ATTEMPTS = 100;
    public static final int MAX_CLAIM = 100;
    public static final int MAX_CLAIM_TYPES = 20;
    public static final int MAX_CLAIM_WAIT_SECONDS = 30;
    /** A job's payload, and its result, as compact JSON; each service may be configured otherwise. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;

    private JobLimits() {
    }
}
