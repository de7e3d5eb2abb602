package dev.mosaic.shared.availability;

import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemResponses;
import dev.mosaic.shared.problem.ProblemType;
import io.netty.channel.unix.Errors;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.SocketException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tells a failure caused by PostgreSQL being away (refused or reset connections, connections lost, a server
 * shutting down or starting up) from a bug, answers it with 503 and Retry-After, and reports the outage
 * once in a while instead of once per request: during an outage every request fails the same way.
 * Both services' last-line mapper ({@link dev.mosaic.shared.problem.UnexpectedProblemMapper}) ask it.
 */
public final class DatabaseOutage {
    public static final String RETRY_AFTER_SECONDS = "5";
    /** SQLSTATEs of a server going down or not up yet: admin_shutdown, crash_shutdown, cannot_connect_now. */
    private static final Set<String> SERVER_UNAVAILABLE = Set.of("57P01", "57P02", "57P03");
    private static final String CONNECTION_EXCEPTION_CLASS = "08";
    private static final Duration REPORT_EVERY = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(DatabaseOutage.class.getName());
    /**
     * What the SQL client fails a command with when its connection has just closed under it: a stackless
     * {@link NoStackTraceThrowable} of no type of its own, so only its message says what it is.
     */
    private static final String CONNECTION_NOT_ACTIVE = "Connection is not active now";

    private static final AtomicReference<Instant> LAST_REPORT = new AtomicReference<>(Instant.EPOCH);

    private DatabaseOutage() {
    }

    /**
     * Whether anything in the cause chain says the database is unreachable: the reactive client's own
     * exceptions (jobs-service's SQL), or the {@link SQLException} that Hibernate Reactive makes of them.
     */
    public static boolean isOutage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            // A refused or reset connection: SocketException on NIO, NativeIoException on the epoll transport.
            if (cause instanceof SocketException || cause instanceof Errors.NativeIoException
                    || cause instanceof ClosedConnectionException) {
                return true;
            }
            if (cause instanceof IOException io && raisedByDatabaseClient(io)) {
                return true;
            }
            if (cause instanceof NoStackTraceThrowable closed && closed.getMessage() != null
                    && closed.getMessage().startsWith(CONNECTION_NOT_ACTIVE)) {
                return true;
            }
            if (cause instanceof DatabaseException database && isUnavailable(database.getSqlState())) {
                return true;
            }
            if (cause instanceof SQLException sql && isUnavailable(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A write to a connection that PostgreSQL has just reset fails in the JDK with a plain IOException ("Connection
     * reset by peer"), not a SocketException; only where it was raised tells it from any other IOException.
     */
    private static boolean raisedByDatabaseClient(IOException failure) {
        for (StackTraceElement frame : failure.getStackTrace()) {
            if (frame.getClassName().startsWith("io.vertx.pgclient.") || frame.getClassName().startsWith("io.vertx.sqlclient.")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnavailable(String sqlState) {
        return sqlState != null && (SERVER_UNAVAILABLE.contains(sqlState) || sqlState.startsWith(CONNECTION_EXCEPTION_CLASS));
    }

    /** One warning line per ten seconds at most, whatever the number of failures. */
    public static void report(Throwable failure) {
        Instant now = Instant.now();
        Instant last = LAST_REPORT.get();
        if (now.isAfter(last.plus(REPORT_EVERY)) && LAST_REPORT.compareAndSet(last, now)) {
            LOG.log(System.Logger.Level.WARNING, "PostgreSQL is unreachable (" + failure
                    + "); answering 503 until it is back");
        }
    }

    /**
     * The request failed for no fault of the client's and will succeed once PostgreSQL is back: 503
     * with Retry-After, reported at most every ten seconds.
     */
    public static Response answer(Throwable failure) {
        report(failure);
        return ProblemResponses.of(Problem.of(ProblemType.SERVICE_UNAVAILABLE,
                "The database is unreachable for a moment. Repeat the request after Retry-After seconds."),
                Map.of(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS));
    }
}
