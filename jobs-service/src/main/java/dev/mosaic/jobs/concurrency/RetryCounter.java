package dev.mosaic.jobs.concurrency;

import io.smallrye.faulttolerance.api.BeforeRetryHandler;
import jakarta.enterprise.context.Dependent;
import org.eclipse.microprofile.faulttolerance.ExecutionContext;

/** Runs before every retry of an optimistic operation; the operation is the retried method. */
@Dependent
public class RetryCounter implements BeforeRetryHandler {
    private final ConflictMetrics metrics;

    public RetryCounter(ConflictMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handle(ExecutionContext context) {
        metrics.retry(context.getMethod().getName());
    }
}
