package dev.mosaic.jobs.concurrency;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExpectedVersionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"\"3\"|3", " \"12\" |12", "\"0\"|0", "\"2147483647\"|2147483647"})
    void anETagAsServedNamesItsVersion(String ifMatch, int version) {
        assertEquals(new ExpectedVersion(version), ExpectedVersion.fromIfMatch(ifMatch));
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", " * ", "", "  "})
    void noneOrAWildcardAcceptsAnyVersion(String ifMatch) {
        assertEquals(ExpectedVersion.ANY, ExpectedVersion.fromIfMatch(ifMatch));
        assertDoesNotThrow(() -> ExpectedVersion.ANY.check(UUID.randomUUID(), 99));
    }

    @Test
    void anAbsentHeaderAcceptsAnyVersion() {
        assertEquals(ExpectedVersion.ANY, ExpectedVersion.fromIfMatch(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"three\"", "\"3", "\"\"", "\"3\", \"4\"", "W/\"3\"", "7", "\"03\"", "\"+3\"", "\"-3\"",
            "\"2147483648\""})
    void somethingThatIsNoETagOfOursIsBadInput(String ifMatch) {
        ProblemException refused = assertThrows(ProblemException.class, () -> ExpectedVersion.fromIfMatch(ifMatch));
        assertEquals(ProblemType.MALFORMED_REQUEST.status(), refused.problem().status());
    }

    @Test
    void aStaleVersionIsAFailedPreconditionNamingTheCurrentOne() {
        ProblemException refused = assertThrows(ProblemException.class,
                () -> new ExpectedVersion(3).check(UUID.randomUUID(), 4));
        assertEquals(ProblemType.PRECONDITION_FAILED.status(), refused.problem().status());
        assertEquals(4, refused.problem().extensions().get("currentVersion"));
        assertDoesNotThrow(() -> new ExpectedVersion(4).check(UUID.randomUUID(), 4));
    }
}
