package dev.mosaic.shared.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.pgclient.PgException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class UniqueViolationsTest {
    private static final String CONSTRAINT = "users_email_unique";

    @Test
    void aUniqueViolationOfTheConstraintIsFoundHoweverDeepItIsWrapped() {
        PgException violation = failure("23505", CONSTRAINT);
        assertEquals(CONSTRAINT, violation.getConstraint());
        assertTrue(UniqueViolations.isOn(violation, CONSTRAINT));
        assertTrue(UniqueViolations.isOn(new RuntimeException(new IllegalStateException(violation)), CONSTRAINT));
    }

    @Test
    void anotherConstraintOrAnotherSqlStateIsNot() {
        assertFalse(UniqueViolations.isOn(failure("23505", "workspaces_pkey"), CONSTRAINT));
        assertFalse(UniqueViolations.isOn(failure("23503", CONSTRAINT), CONSTRAINT), "a foreign key violation");
    }

    @Test
    void aViolationThatHibernateReactiveTurnedIntoAnSqlExceptionIsFoundByItsSqlStateAndQuotedName() {
        SQLException converted = new SQLException(
                "ERROR: duplicate key value violates unique constraint \"" + CONSTRAINT + "\" (23505)", "23505");
        assertTrue(UniqueViolations.isOn(new RuntimeException(converted), CONSTRAINT));
        assertFalse(UniqueViolations.isOn(new SQLException(
                "ERROR: duplicate key value violates unique constraint \"workspaces_pkey\" (23505)", "23505"), CONSTRAINT));
        assertFalse(UniqueViolations.isOn(new SQLException(
                "ERROR: violates \"" + CONSTRAINT + "\"", "23503"), CONSTRAINT), "a foreign key violation");
    }

    @Test
    void theConstraintsNameInAMessageAloneIsNot() {
        assertFalse(UniqueViolations.isOn(new RuntimeException("duplicate key value violates unique constraint \""
                + CONSTRAINT + "\""), CONSTRAINT));
    }

    private static PgException failure(String sqlState, String constraint) {
        return new PgException("duplicate key value", "ERROR", sqlState, null, null, null, null, null, null, null,
                null, null, "public", "users", null, null, constraint);
    }
}
