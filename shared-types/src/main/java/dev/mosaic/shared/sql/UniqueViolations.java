package dev.mosaic.shared.sql;

import io.vertx.pgclient.PgException;
import java.sql.SQLException;

/**
 * Recognises a lost insert race on one unique constraint or index, by PostgreSQL's SQLSTATE 23505 and
 * the constraint's name. The reactive client's {@link PgException} names the constraint in a field; a
 * failure that Hibernate Reactive has turned into a {@link SQLException} keeps only the SQLSTATE and the
 * server's message, in which PostgreSQL always quotes the name, so there the quoted name is looked for.
 */
public final class UniqueViolations {
    private static final String UNIQUE_VIOLATION = "23505";

    private UniqueViolations() {
    }

    /** Whether {@code failure}, or anything that caused it, is a unique violation of {@code constraint}. */
    public static boolean isOn(Throwable failure, String constraint) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                    && constraint.equals(pg.getConstraint())) {
                return true;
            }
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())
                    && sql.getMessage() != null && sql.getMessage().contains('"' + constraint + '"')) {
                return true;
            }
        }
        return false;
    }
}
