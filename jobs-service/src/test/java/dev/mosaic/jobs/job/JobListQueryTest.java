package dev.mosaic.jobs.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mosaic.shared.jobs.JobStatus;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobListQueryTest {

    @Test
    void aCursorReadsBackAsTheKeyItWasMadeFrom() {
        JobListQuery.Cursor cursor = new JobListQuery.Cursor(Instant.parse("2026-11-28T10:15:30.123456Z"),
                UUID.fromString("3f0c6a52-8a1e-4d8e-9a55-0f7b0c6f9d21"));
        assertEquals(cursor, JobListQuery.Cursor.decode(cursor.encode()));
    }

    @Test
    void noCursorIsTheFirstPage() {
        assertNull(JobListQuery.Cursor.decode(null));
        assertNull(JobListQuery.Cursor.decode(" "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage!", "bm90IGEgY3Vyc29y", "MjAyNi0xMS0yOFQxMDoxNTozMFp8bm90LWEtdXVpZA"})
    void aCursorWeDidNotGiveOutIsBadInput(String cursor) {
        ProblemException refused = assertThrows(ProblemException.class, () -> JobListQuery.Cursor.decode(cursor));
        assertEquals(ProblemType.MALFORMED_REQUEST.status(), refused.problem().status());
    }

    @Test
    void aStatusFilterIsReadInAnyCaseAndAnUnknownOneListsTheValidOnes() {
        assertEquals(JobStatus.RUNNING, JobListQuery.parseStatus(" running "));
        assertNull(JobListQuery.parseStatus(""));
        ProblemException refused = assertThrows(ProblemException.class, () -> JobListQuery.parseStatus("DANCING"));
        assertEquals(ProblemType.VALIDATION_FAILED.status(), refused.problem().status());
        assertEquals("status", refused.problem().errors().get(0).field());
    }
}
