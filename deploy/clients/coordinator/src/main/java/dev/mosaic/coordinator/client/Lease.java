package dev.mosaic.coordinator.client;

import dev.mosaic.shared.jobs.ClaimedJob;
import dev.mosaic.shared.jobs.JobLease;
import java.util.Objects;
import java.util.UUID;

/**
 * The right to write to one claimed job: its id and the token of the claim, which every write sends as
 * {@value JobLease#HEADER}. Each claim of a job makes a new token, so a lease that a newer claim outlived
 * writes nothing.
 */
public record Lease(UUID jobId, String token) {
    public Lease {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(token, "token");
    }

    public static Lease of(ClaimedJob claimed) {
        return new Lease(claimed.job().id(), claimed.lease().token());
    }

    /** Without the token: it lets anyone with a coordinator token write to the job, so it stays out of logs. */
    @Override
    public String toString() {
        return "Lease[job " + jobId + "]";
    }
}
