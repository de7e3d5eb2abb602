package dev.mosaic.auth;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
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
}
