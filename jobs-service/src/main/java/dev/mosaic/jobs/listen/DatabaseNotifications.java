package dev.mosaic.jobs.listen;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The one connection per replica that LISTENs for PostgreSQL notifications, shared by every feature
 * that waits for other replicas' commits (claims waiting for work, live event streams). It connects
 * at startup and reconnects every second when the connection drops; a channel's {@code listening}
 * callback runs after every (re)subscription, so a feature can catch up on what it may have missed
 * while nobody listened.
 */
@ApplicationScoped
public class DatabaseNotifications {
    private static final Logger LOG = Logger.getLogger(DatabaseNotifications.class);
    private static final long RECONNECT_DELAY_MILLIS = 1_000;

    private final PgSubscriber subscriber;
    private volatile boolean stopping;
    private volatile boolean listening;

    public DatabaseNotifications(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        PgConnectOptions options = PgConnectOptions.fromUri(url);
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        // The subscriber calls its close handler only once it gives up reconnecting, which this policy never
        // does: a drop shows as the policy's first call (attempt 0) after it, each retry as the next attempt.
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempt -> {
            if (attempt == 0) {
                lost();
            }
            return RECONNECT_DELAY_MILLIS;
        });
    }

    private void lost() {
        listening = false;
        if (!stopping) {
            LOG.warn("Lost the connection that listens for database notifications; waiting claims end at their "
                    + "deadline and live streams poll until it is back");
        }
    }

    /**
     * Calls {@code handler} with the payload of every notification on {@code channel}, and
     * {@code listening} each time the channel is (again) listened to.
     */
    public void listen(String channel, Consumer<String> handler, Runnable listening) {
        subscriber.channel(channel).handler(handler::accept).subscribeHandler(subscribed -> {
            this.listening = true;
            listening.run();
        });
    }

    public boolean listening() {
        return listening;
    }

    /** After the features registered their channels at startup. */
    void connect(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.LIBRARY_AFTER) StartupEvent start) {
        subscriber.connect().onFailure(failure -> LOG.warnf(
                "Could not listen for database notifications yet (%s); retrying every second", failure.getMessage()));
    }

    void stop(@Observes ShutdownEvent stop) {
        stopping = true;
        subscriber.close();
    }
}
