package dev.mosaic.jobs.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One read at a time: whoever asks while a read is under way shares it; the next ask after it ends reads again. */
class SharedReadTest {
    private final SharedRead<String> reads = new SharedRead<>();
    private final AtomicInteger started = new AtomicInteger();

    private Uni<String> readAnswering(CompletableFuture<String> answer) {
        return reads.join(() -> {
            started.incrementAndGet();
            return Uni.createFrom().completionStage(answer);
        });
    }

    @Test
    void askersDuringAReadShareItAndItRunsWithoutThem() {
        CompletableFuture<String> answer = new CompletableFuture<>();
        Uni<String> first = readAnswering(answer);
        Uni<String> second = readAnswering(new CompletableFuture<>());

        assertEquals(1, started.get(), "the second ask started no read of its own");
        assertTrue(reads.underWay(), "started although nobody subscribed");
        answer.complete("keys");
        assertEquals("keys", first.await().atMost(Duration.ofSeconds(1)));
        assertEquals("keys", second.await().atMost(Duration.ofSeconds(1)));
        assertFalse(reads.underWay());
    }

    @Test
    void anAskAfterAReadEndedReadsAgain() {
        readAnswering(CompletableFuture.completedFuture("old")).await().atMost(Duration.ofSeconds(1));
        CompletableFuture<String> fresh = new CompletableFuture<>();
        Uni<String> again = readAnswering(fresh);
        fresh.complete("new");

        assertEquals("new", again.await().atMost(Duration.ofSeconds(1)));
        assertEquals(2, started.get());
    }

    @Test
    void aFailedReadEndsTooSoTheNextAskReadsAgain() {
        readAnswering(CompletableFuture.failedFuture(new IllegalStateException("HTTP 503")));
        assertFalse(reads.underWay(), "a failure ends the read like an answer does");
        assertEquals("back", readAnswering(CompletableFuture.completedFuture("back")).await().atMost(Duration.ofSeconds(1)));
    }
}
