package dev.mosaic.jobs;

import dev.mosaic.shared.auth.TokenRevocation;
import dev.mosaic.shared.auth.TokenRevocationFeed;
import dev.mosaic.shared.jobs.CancelJobRequest;
import dev.mosaic.shared.jobs.ClaimRequest;
import dev.mosaic.shared.jobs.ClaimedJob;
import dev.mosaic.shared.jobs.ClaimedJobs;
import dev.mosaic.shared.jobs.CoordinatorJob;
import dev.mosaic.shared.jobs.JobLease;
import dev.mosaic.shared.jobs.CompleteJobRequest;
import dev.mosaic.shared.jobs.CreateJobRequest;
import dev.mosaic.shared.jobs.FailJobRequest;
import dev.mosaic.shared.jobs.JobEvent;
import dev.mosaic.shared.jobs.JobPage;
import dev.mosaic.shared.jobs.ProgressUpdate;
import dev.mosaic.shared.jobs.RunnerJob;
import dev.mosaic.shared.jobs.StatusChangeRequest;
import dev.mosaic.shared.problem.Problem;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The wire records of shared-types that Jackson meets only inside generics ({@code List<JobEvent>},
 * {@code JobPage.items}, {@code ClaimedJobs.jobs}), through {@code convertValue} (remembered idempotent answers) or
 * in a client's {@code readValue} (auth-service's revocation feed): a native image keeps their reflection data only
 * when told.
 */
@RegisterForReflection(targets = {RunnerJob.class, JobEvent.class, JobPage.class, CreateJobRequest.class,
        StatusChangeRequest.class, ProgressUpdate.class, CompleteJobRequest.class, FailJobRequest.class,
        CancelJobRequest.class, ClaimRequest.class, ClaimedJobs.class, ClaimedJob.class, CoordinatorJob.class,
        JobLease.class, Problem.class, Problem.FieldError.class, TokenRevocationFeed.class, TokenRevocation.class})
final class NativeReflection {
    private NativeReflection() {
    }
}
