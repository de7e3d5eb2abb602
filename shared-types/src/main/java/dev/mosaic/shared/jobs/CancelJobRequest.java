package dev.mosaic.shared.jobs;

import jakarta.validation.constraints.Size;

/** Why a user cancelled a job; the body itself is optional. */
public record CancelJobRequest(@Size(max = JobLimits.MAX_REASON_LENGTH) String reason) {
}
