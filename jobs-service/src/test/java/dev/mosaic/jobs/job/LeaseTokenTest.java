package dev.mosaic.jobs.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.shared.crypto.Sha256;
import dev.mosaic.shared.jobs.JobStatus;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LeaseTokenTest {
    private static final String SECRET = "3f0c6a52-8a1e-4d8e-9a55-0f7b0c6f9d21";

    @Test
    void aTokenAsAClaimGaveItOutIsReadBackWithItsEpochAndSecret() {
        LeaseToken token = LeaseToken.fromHeader(" " + LeaseToken.format(42, SECRET) + " ");
        assertEquals(42, token.epoch());
        assertEquals(SECRET, token.secret());
        assertArrayEquals(Sha256.of(SECRET), token.secretHash());
    }

    @Test
    void noHeaderIsNoToken() {
        assertNull(LeaseToken.fromHeader(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "42", "42.", ".3f0c6a52-8a1e-4d8e-9a55-0f7b0c6f9d21", "x.3f0c6a52-8a1e-4d8e-9a55-0f7b0c6f9d21",
            "42.3F0C6A52-8A1E-4D8E-9A55-0F7B0C6F9D21", "42.3f0c6a52-8a1e-4d8e-9a55-0f7b0c6f9d2", "1234567890123456789.x",
            "42.3f0c6a52-8a1e-4d8e-9a55-0f7b0c6f9d21.1"})
    void aGarbledTokenIsBadInputNotALostLease(String header) {
        ProblemException refused = assertThrows(ProblemException.class, () -> LeaseToken.fromHeader(header));
        assertEquals(ProblemType.MALFORMED_REQUEST.status(), refused.problem().status());
    }

    @Test
    void aJobIsHeldOnlyByItsHolderWithTheCurrentTokenUntilTheLeaseEnds() {
        Instant now = Instant.parse("2026-11-28T10:00:00Z");
        RunnerJobEntity job = new RunnerJobEntity();
        job.status = JobStatus.RUNNING;
        job.leaseEpoch = 2;
        job.leaseHolder = "coordinator";
        job.leaseSecretHash = Sha256.of(SECRET);
        job.leaseExpiresAt = now.plusSeconds(1);
        LeaseToken current = new LeaseToken(2, SECRET);

        assertTrue(job.isHeldBy(current, "coordinator", now));
        assertFalse(job.isHeldBy(null, "coordinator", now), "no token");
        assertFalse(job.isHeldBy(new LeaseToken(1, SECRET), "coordinator", now), "an older claim");
        assertFalse(job.isHeldBy(new LeaseToken(2, SECRET.replace('3', '4')), "coordinator", now), "another secret");
        assertFalse(job.isHeldBy(current, "rival", now), "someone else's lease");
        assertFalse(job.isHeldBy(current, "coordinator", now.plusSeconds(1)), "expired");
    }
}
