package dev.mosaic.shared.jobs;

import static dev.mosaic.shared.jobs.JobStatus.CANCELLED;
import static dev.mosaic.shared.jobs.JobStatus.COMPLETED;
import static dev.mosaic.shared.jobs.JobStatus.FAILED;
import static dev.mosaic.shared.jobs.JobStatus.PENDING;
import static dev.mosaic.shared.jobs.JobStatus.QUEUED;
import static dev.mosaic.shared.jobs.JobStatus.RUNNING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobStatusTest {

    /** The table of the design, written out independently of the enum's switch. */
    private static final Map<JobStatus, Set<JobStatus>> DESIGN = Map.of(
            PENDING, EnumSet.of(QUEUED, CANCELLED),
            QUEUED, EnumSet.of(RUNNING, CANCELLED),
            RUNNING, EnumSet.of(COMPLETED, FAILED, CANCELLED),
            FAILED, EnumSet.of(PENDING),
            COMPLETED, EnumSet.noneOf(JobStatus.class),
            CANCELLED, EnumSet.noneOf(JobStatus.class));

    @Test
    void everyPairIsAllowedExactlyWhenTheDesignSaysSo() {
        for (JobStatus from : JobStatus.values()) {
            for (JobStatus to : JobStatus.values()) {
                assertEquals(DESIGN.get(from).contains(to), from.canMoveTo(to), from + " -> " + to);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"COMPLETED", "CANCELLED"})
    void finishedStatesNeverChange(JobStatus status) {
        assertTrue(status.isTerminal());
        assertTrue(status.allowedNext().isEmpty());
    }

    @Test
    void aFailedJobIsTerminalButMayBeRetried() {
        assertTrue(FAILED.isTerminal());
        assertEquals(Set.of(PENDING), FAILED.allowedNext());
    }

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void onlyRunningJobsAcceptProgress(JobStatus status) {
        assertEquals(status == RUNNING, status.acceptsProgress());
    }

    @Test
    void noStatusMovesToItselfOrToNothing() {
        for (JobStatus status : JobStatus.values()) {
            assertFalse(status.canMoveTo(status), status.name());
            assertFalse(status.canMoveTo(null), status.name());
        }
    }

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void onlyQueuedAndRunningJobsAreHeldUnderALease(JobStatus status) {
        assertEquals(status == QUEUED || status == RUNNING, status.isLeased());
    }

    @Test
    void anExpiredLeaseRequeuesUntilTheLastAttemptAndThenFails() {
        assertEquals(PENDING, JobStatus.afterLeaseExpired(1, 3));
        assertEquals(PENDING, JobStatus.afterLeaseExpired(2, 3));
        assertEquals(FAILED, JobStatus.afterLeaseExpired(3, 3));
        assertEquals(FAILED, JobStatus.afterLeaseExpired(1, 1));
        assertEquals(FAILED, JobStatus.afterLeaseExpired(4, 3), "a retried job past its budget fails at once");
    }
}
