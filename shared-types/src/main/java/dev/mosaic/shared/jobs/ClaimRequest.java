package dev.mosaic.shared.jobs;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A coordinator asks for work: up to {@code max} PENDING jobs (default 1), of the given
 * {@code types} (any type when absent), each under a lease of {@code leaseSeconds} (the service's
 * default when absent, bounded by its configured maximum). With {@code waitSeconds} &gt; 0 the call
 * waits up to that long for a job to become claimable before it answers with an empty list.
 */
public record ClaimRequest(
        @Size(max = JobLimits.MAX_CLAIM_TYPES) List<@NotBlank @Size(max = JobLimits.MAX_TYPE_LENGTH)
                @Pattern(regexp = JobLimits.TYPE_PATTERN, message = JobLimits.TYPE_RULE) String> types,
        @Min(1) @Max(JobLimits.MAX_CLAIM) Integer max,
        @Schema(description = "Default 60; at most the service's maximum (600 by default)") @Min(1) Integer leaseSeconds,
        @Schema(description = "How long to wait for a claimable job before answering with none")
        @Min(0) @Max(JobLimits.MAX_CLAIM_WAIT_SECONDS) Integer waitSeconds) {
}
