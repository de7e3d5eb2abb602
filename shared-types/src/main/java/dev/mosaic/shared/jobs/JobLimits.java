package dev.mosaic.shared.jobs;

/** Bounds of the job API that clients can rely on. */
public final class JobLimits {
    public static final int MIN_PRIORITY = 0;
    public static final int MAX_PRIORITY = 100;
    public static final int DEFAULT_PRIORITY = 50;
    public static final int MAX_PAGE_SIZE = 100;
    public static final int DEFAULT_PAGE_SIZE = 20;
    public static final int MAX_STEP_LENGTH = 500;
    public static final int MAX_ERROR_LENGTH = 10_000;
    public static final int MAX_REASON_LENGTH = 1_000;

    private JobLimits() {
    }
}
