package dev.mosaic.jobs.live;

import dev.mosaic.jobs.listen.DatabaseNotifications;
import dev.mosaic.shared.jobs.JobChange;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Query;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The events of every job, in id order, as this replica's streams need them: one reader per replica,
 * whatever the number of streams, woken by the {@code mosaic_job_events} notification that every
 * transaction appending events sends on commit (on any replica).
 *
 * <p>Event ids are taken in one order and committed in another: a transaction may hold id 10 while
 * id 11 is already visible. A stream that sent 11 and later 10 would break its resume point
 * ({@code Last-Event-ID: 11} skips 10 for good), so the feed only hands out ids up to a bound below
 * which nothing can commit any more. It reads the sequence's last id {@code L}, then takes a
 * transaction id {@code B} of its own: every id up to {@code L} was taken by a transaction whose id is
 * below {@code B} (a transaction takes its transaction id before an event id, see V6), so once the
 * oldest running transaction (the snapshot's {@code xmin}) is at or above {@code B}, every id up to
 * {@code L} is committed or never will be. Until then {@code (L, B)} is kept and checked again at the
 * next read. The snapshot's {@code xmax} would not do as {@code B}: it is one past the newest
 * <em>completed</em> transaction, and the newest running one can be at or above it.
 *
 * <p>It reads only while a stream listens, at most every {@value #MIN_SPACING_MILLIS} ms however
 * many commits notify it, again after {@value #IN_DOUBT_RECHECK_MILLIS} ms while ids are in doubt
 * (a transaction that rolls back sends nothing), and every second in any case (a notification lost
 * while the listening connection was down).
 */
@ApplicationScoped
public class LiveFeed {
    static final String CHANNEL = "mosaic_job_events";
    private static final Logger LOG = Logger.getLogger(LiveFeed.class);
    private static final int PAGE = 500;
    private static final int MAX_IN_DOUBT = 64;
    static final long MIN_SPACING_MILLIS = 20;
    static final long IN_DOUBT_RECHECK_MILLIS = 50;
    static final long SAFETY_POLL_MILLIS = 1_000;
    private static final String LAST_ID = "SELECT last_value, is_called FROM job_events_id_seq";
    /** Its own statement, so its own transaction: taken after the last id was read, committed before xmin is. */
    private static final String BOUND = "SELECT pg_current_xact_id()::text::bigint";
    private static final String OLDEST_RUNNING = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint";
    private static final long NO_BOUND = -1;

    private final Pool database;
    private final Vertx vertx;
    private final DatabaseNotifications notifications;

    // All guarded by this.
    /** Every event up to here has been handed to the streams registered at the time; -1: not known yet. */
    private long delivered = -1;
    /** Every event id up to here is committed or never will be. */
    private long settled = -1;
    /** {lastId, bound} pairs waiting for the oldest running transaction to reach the bound. */
    private final ArrayDeque<long[]> inDoubt = new ArrayDeque<>();
    private final Set<LiveSubscription> subscriptions = new LinkedHashSet<>();
    private final List<LiveSubscription> starting = new ArrayList<>();
    private boolean reading;
    private boolean readAgain;
    private long lastReadStarted;

    public LiveFeed(Pool database, Vertx vertx, DatabaseNotifications notifications) {
        this.database = database;
        this.vertx = vertx;
        this.notifications = notifications;
    }

    void listen(@Observes StartupEvent start) {
        notifications.listen(CHANNEL, payload -> read(), this::read);
        vertx.setPeriodic(SAFETY_POLL_MILLIS, timer -> read());
    }

    /**
     * Hands {@code subscription} every event after the point where it starts (its
     * {@link LiveSubscription#start}), which is the bound below which it must replay from the table itself.
     */
    void register(LiveSubscription subscription) {
        boolean startNow;
        synchronized (this) {
            startNow = delivered >= 0;
            if (startNow) {
                subscription.start(delivered);
                subscriptions.add(subscription);
            } else {
                starting.add(subscription);
            }
        }
        if (startNow) {
            subscription.drain();
        } else {
            read();
        }
    }

    void unregister(LiveSubscription subscription) {
        synchronized (this) {
            subscriptions.remove(subscription);
            starting.remove(subscription);
            if (subscriptions.isEmpty() && starting.isEmpty()) {
                reset();
            }
        }
    }

    /** Nobody listens: stop reading, and settle afresh for the next stream. */
    private void reset() {
        delivered = -1;
        settled = -1;
        inDoubt.clear();
    }

    /** Reads what is new, now or as soon as the read in progress is done and the spacing allows. */
    void read() {
        long wait;
        synchronized (this) {
            if (subscriptions.isEmpty() && starting.isEmpty()) {
                return;
            }
            if (reading) {
                readAgain = true;
                return;
            }
            reading = true;
            wait = lastReadStarted + MIN_SPACING_MILLIS - System.currentTimeMillis();
            if (wait <= 0) {
                lastReadStarted = System.currentTimeMillis();
            }
        }
        if (wait > 0) {
            vertx.setTimer(wait, timer -> {
                synchronized (this) {
                    reading = false;
                }
                read();
            });
            return;
        }
        database.withConnection(connection -> connection.query(LAST_ID).execute()
                        .map(LiveFeed::lastId)
                        .chain(lastId -> (needsBound(lastId) ? firstLong(connection.query(BOUND))
                                        : Uni.createFrom().item(NO_BOUND))
                                .chain(bound -> firstLong(connection.query(OLDEST_RUNNING))
                                        .map(xmin -> settle(lastId, bound, xmin))))
                        .chain(range -> range == null ? Uni.createFrom().item(List.<JobChange>of())
                                : connection.preparedQuery(EventRows.ALL)
                                        .execute(Tuple.of(range[0], range[1], PAGE))
                                        .map(rows -> hand(rows, range[1]))))
                .subscribe().with(handed -> afterRead(), failure -> {
                    LOG.debugf("Reading new job events failed (%s); trying again", failure.getMessage());
                    afterRead();
                });
    }

    private static Uni<Long> firstLong(Query<RowSet<Row>> query) {
        return query.execute().map(rows -> rows.iterator().next().getLong(0));
    }

    /** A new bound costs a transaction id: only when ids were taken since the newest one kept. */
    private synchronized boolean needsBound(long lastId) {
        long[] newest = inDoubt.peekLast();
        return lastId > settled && (newest == null || lastId > newest[0]) && inDoubt.size() < MAX_IN_DOUBT;
    }

    private static long lastId(RowSet<Row> sequence) {
        Row row = sequence.iterator().next();
        return row.getBoolean("is_called") ? row.getLong("last_value") : row.getLong("last_value") - 1;
    }

    /** @return the ids to read, {from (exclusive), to (inclusive)}, or null when there is nothing to hand out */
    private synchronized long[] settle(long lastId, long bound, long xmin) {
        if (subscriptions.isEmpty() && starting.isEmpty()) {
            reset(); // every stream left during the read: the next one starts from a fresh bound, not this one
            return null;
        }
        long[] newest = inDoubt.peekLast();
        if (bound != NO_BOUND && (newest == null || lastId > newest[0])) {
            inDoubt.addLast(new long[] {lastId, bound});
        }
        while (!inDoubt.isEmpty() && inDoubt.peekFirst()[1] <= xmin) {
            settled = Math.max(settled, inDoubt.removeFirst()[0]);
        }
        if (delivered < 0 && settled >= 0) {
            startWaiting(settled);
        }
        if (delivered < 0 || settled <= delivered) {
            return null;
        }
        return new long[] {delivered, settled};
    }

    private void startWaiting(long from) {
        delivered = from;
        for (LiveSubscription subscription : starting) {
            subscription.start(from);
            subscriptions.add(subscription);
        }
        List<LiveSubscription> started = List.copyOf(starting);
        starting.clear();
        vertx.runOnContext(ignored -> started.forEach(LiveSubscription::drain));
    }

    /** Hands the events read to the streams registered now; later ones start after them. */
    private List<JobChange> hand(RowSet<Row> rows, long readUpTo) {
        List<JobChange> changes = new ArrayList<>(rows.rowCount());
        for (Row row : rows) {
            changes.add(EventRows.change(row));
        }
        List<LiveSubscription> receivers;
        synchronized (this) {
            if (delivered < 0) {
                return changes; // every stream left meanwhile
            }
            boolean fullPage = changes.size() == PAGE;
            delivered = fullPage ? changes.get(changes.size() - 1).event().id() : readUpTo;
            readAgain |= fullPage;
            receivers = List.copyOf(subscriptions);
        }
        for (LiveSubscription subscription : receivers) {
            subscription.offer(changes);
        }
        return changes;
    }

    private void afterRead() {
        boolean again;
        boolean recheck;
        synchronized (this) {
            reading = false;
            again = readAgain;
            readAgain = false;
            recheck = !inDoubt.isEmpty();
        }
        if (again) {
            read();
        } else if (recheck) {
            vertx.setTimer(IN_DOUBT_RECHECK_MILLIS, timer -> read());
        }
    }
}
