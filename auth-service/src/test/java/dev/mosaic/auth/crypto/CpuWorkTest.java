package dev.mosaic.auth.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CpuWorkTest {
    @Inject
    CpuWork cpu;

    @Test
    void runsAtMostOneTaskPerCoreAtOnceOffTheEventLoop() throws Throwable {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());
        int tasks = Math.min(CpuWork.POOL_SIZE * 4, cpu.capacity());

        List<Integer> results = VertxContextSupport.subscribeAndAwait(() -> {
            List<Uni<Integer>> work = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                int task = i;
                work.add(cpu.offTheEventLoop(() -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    threads.add(Thread.currentThread().getName());
                    burnCpu(TimeUnit.MILLISECONDS.toNanos(30));
                    running.decrementAndGet();
                    return task;
                }));
            }
            return Uni.join().all(work).andFailFast();
        });

        assertEquals(tasks, results.size());
        assertTrue(mostAtOnce.get() <= CpuWork.POOL_SIZE, "at most one task per core: " + mostAtOnce.get());
        assertTrue(threads.stream().allMatch(name -> name.startsWith(CpuWork.POOL_NAME)), threads.toString());
    }

    @Test
    void signingRunsOffTheEventLoopOnItsOwnPoolWhileEveryHashingThreadIsBusy() throws Throwable {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch allBusy = new CountDownLatch(CpuWork.POOL_SIZE);
        AtomicInteger hashesDone = new AtomicInteger();
        try {
            VertxContextSupport.subscribeAndAwait(() -> {
                for (int i = 0; i < CpuWork.POOL_SIZE; i++) {
                    cpu.offTheEventLoop(() -> {
                        allBusy.countDown();
                        return release.await(1, TimeUnit.MINUTES);
                    }).subscribe().with(done -> hashesDone.incrementAndGet(), failed -> hashesDone.incrementAndGet());
                }
                return Uni.createFrom().voidItem();
            });
            assertTrue(allBusy.await(30, TimeUnit.SECONDS), "every hashing thread is busy");

            String signedOn = VertxContextSupport.subscribeAndAwait(
                    () -> cpu.signing(() -> Thread.currentThread().getName()));

            assertTrue(signedOn.startsWith(CpuWork.SIGNING_POOL_NAME), signedOn);
            assertEquals(0, hashesDone.get(), "signed while every hash was still running");
        } finally {
            release.countDown();
        }
    }

    private static void burnCpu(long nanos) {
        long end = System.nanoTime() + nanos;
        long sink = 0;
        while (System.nanoTime() < end) {
            sink += sink * 31 + 7;
        }
        if (sink == 42) {
            throw new AssertionError("unreachable, keeps the loop from being optimised away");
        }
    }
}
