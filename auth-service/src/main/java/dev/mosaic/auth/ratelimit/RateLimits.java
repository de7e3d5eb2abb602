package dev.mosaic.auth.ratelimit;

import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The one rate-limit mechanism of auth-service: hits per key within a window, counted in PostgreSQL so
 * that every replica counts together. A hit is counted <em>before</em> the work it limits, by one upsert
 * per request that adds the hit to every key and returns the counts; the row locks make racing requests
 * count one after the other. When the caller's rule refuses, the transaction rolls back, so a refused
 * request counts nowhere: it can neither lengthen a lock nor spend another key's budget.
 */
@ApplicationScoped
public class RateLimits {
    /** Keys in sorted order, so that two requests sharing keys lock them in the same order and never deadlock. */
    private static final String HIT = """
            INSERT INTO rate_limits AS r (key, hits, window_ends)
            SELECT key, 1, now() + $2 * interval '1 millisecond' FROM unnest($1::text[]) AS key ORDER BY key
            ON CONFLICT (key) DO UPDATE SET
                hits = CASE WHEN r.window_ends > now() THEN r.hits + 1 ELSE 1 END,
                window_ends = CASE WHEN r.window_ends > now() THEN r.window_ends ELSE EXCLUDED.window_ends END
            RETURNING key, hits, window_ends""";
    private static final String GIVE_BACK =
            "UPDATE rate_limits SET hits = hits - 1 WHERE key = ANY($1::text[]) AND hits > 0 AND window_ends > now()";
    private static final String FORGET = "DELETE FROM rate_limits WHERE key = ANY($1::text[])";
    private static final String PURGE = "DELETE FROM rate_limits WHERE window_ends <= now()";

    private final Pool pool;

    RateLimits(Pool pool) {
        this.pool = pool;
    }

    /** The count of one key in its current window, this request's hit included. */
    public record Hits(int count, Instant windowEnds) {
    }

    /**
     * Counts one hit on every key of {@code limits}; refuses with 429 when any key is over its limit.
     *
     * @param refusal what the 429 tells the client, before "Wait n seconds."
     */
    public Uni<Void> hit(Duration window, Map<String, Integer> limits, String refusal) {
        return hit(window, limits.keySet(), hits -> overLimitUntil(hits, limits), refusal);
    }

    /**
     * Counts one hit on every key; {@code refusedUntil} sees all counts and answers when a refused request may
     * try again, or null to let it through. Refused: 429 with {@code Retry-After}, and no hit is kept.
     */
    public Uni<Void> hit(Duration window, Collection<String> keys, Function<Map<String, Hits>, Instant> refusedUntil,
            String refusal) {
        return pool.withTransaction(connection -> connection.preparedQuery(HIT)
                .execute(Tuple.of(keys.toArray(String[]::new), window.toMillis()))
                .chain(rows -> {
                    Map<String, Hits> hits = new HashMap<>();
                    for (Row row : rows) {
                        hits.put(row.getString("key"), new Hits(row.getInteger("hits"),
                                row.getOffsetDateTime("window_ends").toInstant()));
                    }
                    Instant until = refusedUntil.apply(hits);
                    return until == null ? Uni.createFrom().voidItem() : Uni.createFrom().failure(tooMany(refusal, until));
                }));
    }

    /** The latest end of a window in which a key is over its limit, or null when none is. */
    public static Instant overLimitUntil(Map<String, Hits> hits, Map<String, Integer> limits) {
        Instant until = null;
        for (Map.Entry<String, Integer> limit : limits.entrySet()) {
            Hits counted = hits.get(limit.getKey());
            if (counted != null && counted.count() > limit.getValue()) {
                until = later(until, counted.windowEnds());
            }
        }
        return until;
    }

    public static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    /** Takes back one hit of each key whose window still runs: the work it stood for turned out legitimate. */
    public Uni<Void> giveBack(Collection<String> keys) {
        return pool.preparedQuery(GIVE_BACK).execute(Tuple.of(keys.toArray(String[]::new))).replaceWithVoid();
    }

    /** Forgets the keys' counts altogether. */
    public Uni<Void> forget(Collection<String> keys) {
        return pool.preparedQuery(FORGET).execute(Tuple.of(keys.toArray(String[]::new))).replaceWithVoid();
    }

    /** Every replica may run it; the DELETE is the same whoever runs it. */
    @Scheduled(every = "${mosaic.auth.rate-limits.purge-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeEndedWindows() {
        return pool.query(PURGE).execute().replaceWithVoid();
    }

    private static ProblemException tooMany(String refusal, Instant until) {
        long seconds = Math.max(1, Duration.between(Instant.now(), until).toSeconds() + 1);
        return new ProblemException(Problem.of(ProblemType.TOO_MANY_REQUESTS, refusal + " Wait " + seconds + " seconds.")
                .with("retryAfterSeconds", seconds), Map.of("Retry-After", Long.toString(seconds)));
    }

    /**
     * The part of a client address that identifies one client: an IPv4 address as it is, an IPv6 address by its
     * /64, since one subscriber commonly gets a whole /64 and can pick any address in it.
     */
    public static String addressKey(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return String.valueOf(address);
        }
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
                : address;
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        try {
            // In brackets, InetAddress only parses an IPv6 literal: never a DNS lookup.
            byte[] bytes = InetAddress.getByName("[" + literal + "]").getAddress();
            if (bytes.length == 4) {
                return InetAddress.getByAddress(bytes).getHostAddress();
            }
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return prefix.append(":/64").toString();
        } catch (UnknownHostException notAnAddress) {
            return address;
        }
    }
}
