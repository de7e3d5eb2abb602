package dev.mosaic.jobs.availability;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Tells a failure caused by PostgreSQL being away (refused or reset connections, connections lost, a server
 * shutting down or starting up) from a bug, and reports the outage once in a while instead of once
 * per request: during an outage every request fails the same way.
 */
public final class DatabaseOutage {
    /** SQLSTATEs of a server going down or not up yet: admin_shutdown, crash_shutdown, cannot_connect_now. */
    private static final Set<String> SERVER_UNAVAILABLE = Set.of("57P01", "57P02", "57P03");
    private static final String CONNECTION_EXCEPTION_CLASS = "08";
    private static final Duration REPORT_EVERY = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(DatabaseOutage.class);
    private static final AtomicReference<Instant> LAST_REPORT = new AtomicReference<>(Instant.EPOCH);

    private DatabaseOutage() {
    }

    public static boolean isOutage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SocketException || cause instanceof ClosedConnectionException) {
                return true;
            }
            if (cause instanceof DatabaseException database && database.getSqlState() != null
                    && (SERVER_UNAVAILABLE.contains(database.getSqlState())
                            || database.getSqlState().startsWith(CONNECTION_EXCEPTION_CLASS))) {
                return true;
            }
        }
        return false;
    }

    /** One warning line per ten seconds at most, whatever the number of failures. */
    public static void report(Throwable failure) {
        Instant now = Instant.now();
        Instant last = LAST_REPORT.get();
        if (now.isAfter(last.plus(REPORT_EVERY)) && LAST_REPORT.compareAndSet(last, now)) {
            LOG.warnf("PostgreSQL is unreachable (%s); answering 503 until it is back", failure);
        }
    }
}
