package dev.mosaic.shared.sql;

import io.vertx.pgclient.PgException;

/**
 * Recognises a lost insert race on one unique constraint or index, by PostgreSQL's SQLSTATE 23505 and
 * the constraint's name (never by message text, which the server may word or localise differently).
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
        }
        return false;
    }
}
