package dev.mosaic.auth;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Direct SQL for what HTTP cannot show or do: what is stored, and making time pass. */
@ApplicationScoped
public class TestDatabase {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Pool pool;

    TestDatabase(Pool pool) {
        this.pool = pool;
    }

    public int update(String sql, Object... parameters) {
        return pool.preparedQuery(sql).execute(Tuple.from(parameters)).await().atMost(TIMEOUT).rowCount();
    }

    public List<Row> query(String sql, Object... parameters) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.from(parameters)).await().atMost(TIMEOUT).forEach(rows::add);
        return rows;
    }

    /** The id of the user with {@code email}: sign-up's answer names none. */
    public String userId(String email) {
        return query("SELECT id::text FROM users WHERE email = lower($1)", email).get(0).getString(0);
    }

    public long count(String sql, Object... parameters) {
        return query(sql, parameters).get(0).getLong(0);
    }

    /**
     * Locks {@code table} against every other statement, readers included, until the returned lock is released:
     * a request that touches the table waits there, at a step of its work that the test chose.
     */
    public HeldLock lockTable(String table) {
        SqlConnection connection = pool.getConnection().await().atMost(TIMEOUT);
        Transaction transaction = connection.begin().await().atMost(TIMEOUT);
        connection.query("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE").execute().await().atMost(TIMEOUT);
        return () -> {
            transaction.rollback().await().atMost(TIMEOUT);
            connection.close().await().atMost(TIMEOUT);
        };
    }

    /** A table lock that {@link #lockTable} holds; {@code close} releases it. */
    public interface HeldLock extends AutoCloseable {
        @Override
        void close();
    }
}
