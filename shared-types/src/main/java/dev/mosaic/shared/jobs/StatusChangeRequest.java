package dev.mosaic.shared.jobs;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A coordinator moves a job to {@code status} (for example QUEUED → RUNNING).
 * COMPLETED and FAILED have their own calls, which carry a result or an error.
 */
public record StatusChangeRequest(
        @NotNull JobStatus status,
        @Size(max = JobLimits.MAX_STEP_LENGTH) String currentStep) {
}
