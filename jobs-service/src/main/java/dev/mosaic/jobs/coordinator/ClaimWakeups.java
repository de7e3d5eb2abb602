package dev.mosaic.jobs.coordinator;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Wakes the claims that wait for work (long polls) when a job becomes claimable on any replica.
 * A trigger on {@code runner_jobs} sends {@code NOTIFY} with the job's type whenever a job becomes
 * PENDING (created, retried, taken back), PostgreSQL delivers it on commit to every replica that
 * listens, and each replica wakes its own waiters of that type. If the listening connection is
 * lost it reconnects; meanwhile waiting claims still end at their deadline, only later.
 * At {@code /q/metrics}, {@code mosaic_jobs_claims_waiting} counts the claims waiting on this replica
 * and {@code mosaic_jobs_claims_listener_up} is 1 while it listens.
 */
@ApplicationScoped
public class ClaimWakeups {
    static final String CHANNEL = "mosaic_job_claimable";
    private static final Logger LOG = Logger.getLogger(ClaimWakeups.class);
    private static final long RECONNECT_DELAY_MILLIS = 1_000;

    private final Set<Waiter> waiting = ConcurrentHashMap.newKeySet();
    private final Vertx vertx;
    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;
    private PgSubscriber subscriber;
    private volatile boolean stopping;
    private volatile boolean listening;

    public ClaimWakeups(Vertx vertx, MeterRegistry metrics, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.url = url;
        this.user = user;
        this.password = password;
        metrics.gaugeCollectionSize("mosaic.jobs.claims.waiting", List.of(), waiting);
        metrics.gauge("mosaic.jobs.claims.listener.up", this, wakeups -> wakeups.listening ? 1 : 0);
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
        PgConnectOptions options = PgConnectOptions.fromUri(url);
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(attempts -> RECONNECT_DELAY_MILLIS);
        subscriber.channel(CHANNEL).handler(this::wake).subscribeHandler(subscribed -> listening = true);
        subscriber.closeHandler(closed -> {
            listening = false;
            if (!stopping) {
                LOG.warn("Lost the connection that listens for claimable jobs; "
                        + "waiting claims end at their deadline until it is back");
            }
        });
        subscriber.connect().onFailure(failure -> LOG.warnf(
                "Could not listen for claimable jobs yet (%s); long polls end at their deadline meanwhile",
                failure.getMessage()));
    }

    void stop(@Observes ShutdownEvent stop) {
        stopping = true;
        if (subscriber != null) {
            subscriber.close();
        }
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
