package dev.mosaic.jobs.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mosaic.jobs.job.JobListQuery.Cursor;
import dev.mosaic.shared.jobs.JobStatus;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The list cursor and the status filter as parsers, without HTTP (ListingTest covers them through the API). */
class JobListQueryTest {

    @Test
    void aCursorReadsBackAsTheSamePositionToTheNanosecond() {
        Cursor cursor = new Cursor(Instant.parse("2026-11-28T16:14:03.123456789Z"), UUID.randomUUID());
        assertEquals(cursor, Cursor.decode(cursor.encode()));
    }

    @Test
    void noCursorIsTheFirstPage() {
        assertNull(Cursor.decode(null));
        assertNull(Cursor.decode(" "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64!", "2026-11-28T16:14:03Z", "|", "2026-11-28T16:14:03Z|not-a-uuid",
            "yesterday|00000000-0000-0000-0000-000000000001", "-5000-01-01T00:00:00Z|00000000-0000-0000-0000-000000000001",
            "+294277-01-01T00:00:00Z|00000000-0000-0000-0000-000000000001"})
    void aCursorThisServiceDidNotGiveOutIsA400(String raw) {
        String cursor = raw.equals("not base64!") ? raw
                : Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        ProblemException refused = assertThrows(ProblemException.class, () -> Cursor.decode(cursor));
        assertEquals(ProblemType.MALFORMED_REQUEST.uri(), refused.problem().type());
    }

    @Test
    void aStatusFilterIgnoresCaseAndSpaceAndNamesTheValidOnesOtherwise() {
        assertEquals(JobStatus.RUNNING, JobListQuery.parseStatus(" running "));
        assertNull(JobListQuery.parseStatus(""));
        ProblemException refused = assertThrows(ProblemException.class, () -> JobListQuery.parseStatus("DONE"));
        assertEquals(ProblemType.VALIDATION_FAILED.uri(), refused.problem().type());
        assertEquals("status", refused.problem().errors().get(0).field());
    }
}
