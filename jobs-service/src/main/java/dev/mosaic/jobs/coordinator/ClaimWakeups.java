package dev.mosaic.jobs.coordinator;

import dev.mosaic.jobs.listen.DatabaseNotifications;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes the claims that wait for work (long polls) when a job becomes claimable on any replica.
 * A trigger on {@code runner_jobs} sends {@code NOTIFY} with the job's type whenever a job becomes
 * PENDING (created, retried, taken back), PostgreSQL delivers it on commit to every replica that
 * listens ({@link DatabaseNotifications}), and each replica wakes its own waiters of that type. If the
 * listening connection is lost it reconnects; meanwhile waiting claims still end at their deadline, only later.
 * At {@code /q/metrics}, {@code mosaic_jobs_claims_waiting} counts the claims waiting on this replica
 * and {@code mosaic_jobs_claims_listener_up} is 1 while it listens.
 */
@ApplicationScoped
public class ClaimWakeups {
    static final String CHANNEL = "mosaic_job_claimable";

    private final Set<Waiter> waiting = ConcurrentHashMap.newKeySet();
    private final DatabaseNotifications notifications;

    public ClaimWakeups(DatabaseNotifications notifications, MeterRegistry metrics) {
        this.notifications = notifications;
        metrics.gaugeCollectionSize("mosaic.jobs.claims.waiting", List.of(), waiting);
        metrics.gauge("mosaic.jobs.claims.listener.up", notifications, listener -> listener.listening() ? 1 : 0);
    }

    /** A claim that waits for a job of {@code types} (any type when empty). */
    public static final class Waiter {
        private final Set<String> types;
        private final CompletableFuture<Void> woken = new CompletableFuture<>();

        private Waiter(List<String> types) {
            this.types = types == null ? Set.of() : Set.copyOf(types);
        }

        public CompletableFuture<Void> woken() {
            return woken;
        }

        private boolean wants(String type) {
            return types.isEmpty() || types.contains(type);
        }
    }

    void listen(@Observes StartupEvent start) {
        notifications.listen(CHANNEL, this::wake, () -> {
        });
    }

    /** Registered before the claim that finds nothing, so that no wake-up falls between the two. */
    public Waiter register(List<String> types) {
        Waiter waiter = new Waiter(types);
        waiting.add(waiter);
        return waiter;
    }

    public void forget(Waiter waiter) {
        waiting.remove(waiter);
    }

    private void wake(String type) {
        waiting.removeIf(waiter -> {
            if (waiter.wants(type)) {
                waiter.woken.complete(null);
                return true;
            }
            return false;
        });
    }
}
