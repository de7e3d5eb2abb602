package dev.mosaic.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Real concurrent calls: one thread per call, all released by one latch once every thread is ready. */
public final class Concurrently {
    private Concurrently() {
    }

    /** What one call answered, and how long it took. */
    public record Timed<T>(T value, long millis) {
    }

    /** Runs {@code call} {@code calls} times at once (with its index) and waits for every answer. */
    public static <T> List<Timed<T>> run(int calls, IntFunction<T> call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(calls);
        try {
            CountDownLatch ready = new CountDownLatch(calls);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Timed<T>>> answers = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                int index = i;
                answers.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    long start = System.nanoTime();
                    T value = call.apply(index);
                    return new Timed<>(value, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                }));
            }
            ready.await();
            go.countDown();
            List<Timed<T>> results = new ArrayList<>();
            for (Future<Timed<T>> answer : answers) {
                results.add(answer.get(2, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }
}
