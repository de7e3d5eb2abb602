package dev.mosaic.jobs.concurrency;

import dev.mosaic.shared.problem.ProblemResponses;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A conflict that reaches HTTP has outlived every retry: count it, answer 409 with Retry-After. */
public class ConcurrencyProblemMapper {
    private final ConflictMetrics metrics;

    public ConcurrencyProblemMapper(ConflictMetrics metrics) {
        this.metrics = metrics;
    }

    @ServerExceptionMapper
    public Response retriesExhausted(ConcurrentUpdateException exception) {
        metrics.retriesExhausted(exception.operation());
        return ProblemResponses.of(exception.problem(), exception.headers());
    }
}
