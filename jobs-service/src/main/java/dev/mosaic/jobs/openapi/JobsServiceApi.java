package dev.mosaic.jobs.openapi;

import dev.mosaic.jobs.idempotency.IdempotentCall;
import dev.mosaic.shared.jobs.JobLease;
import jakarta.ws.rs.core.HttpHeaders;

/** The names that the package's {@code @OpenAPIDefinition} declares and the resources refer to. */
public final class JobsServiceApi {
    public static final String RUNNER_JOBS = "Runner jobs";
    public static final String LIVE_EVENTS = "Live events";
    public static final String COORDINATOR = "Coordinator";

    public static final String ACCESS_TOKEN = "accessToken";

    public static final String IF_MATCH = HttpHeaders.IF_MATCH;
    public static final String IDEMPOTENCY_KEY = IdempotentCall.HEADER;
    public static final String MOSAIC_LEASE = JobLease.HEADER;
    public static final String LAST_EVENT_ID = "Last-Event-ID";
    public static final String ETAG = HttpHeaders.ETAG;
    public static final String LOCATION = HttpHeaders.LOCATION;
    public static final String LINK = HttpHeaders.LINK;
    /** The query parameters of a timeline page. */
    public static final String EVENTS_AFTER = "after";
    public static final String EVENTS_LIMIT = "limit";
    /** Declared by shared-types' ProblemResponsesFilter. */
    public static final String RETRY_AFTER = "Retry-After";

    public static final String JOB = "Job";
    public static final String CONFLICT = "JobConflict";
    public static final String EVENT_STREAM = "JobEventStream";
    public static final String TOO_MANY_STREAMS = "TooManyStreams";
    public static final String TIMELINE = "JobTimeline";

    private JobsServiceApi() {
    }
}
