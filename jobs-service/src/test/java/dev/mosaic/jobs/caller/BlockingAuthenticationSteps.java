package dev.mosaic.jobs.caller;

import io.quarkus.security.spi.runtime.BlockingSecurityExecutor;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Test only: the executor Quarkus security runs {@code AuthenticationRequestContext.runBlocking} steps
 * on, counting them. An identity provider that verifies on a worker thread (smallrye-jwt's, with an http
 * JWKS) goes through here for every request; one that verifies on the event loop never does.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class BlockingAuthenticationSteps implements BlockingSecurityExecutor {
    private static final AtomicLong STEPS = new AtomicLong();
    private final BlockingSecurityExecutor workers =
            BlockingSecurityExecutor.createBlockingExecutor(Infrastructure::getDefaultWorkerPool);

    @Override
    public <T> Uni<T> executeBlocking(Supplier<? extends T> supplier) {
        STEPS.incrementAndGet();
        return workers.executeBlocking(supplier);
    }

    /** How many steps have been handed to a worker thread so far. */
    public static long count() {
        return STEPS.get();
    }
}
