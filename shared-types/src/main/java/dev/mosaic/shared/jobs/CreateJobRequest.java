package dev.mosaic.shared.jobs;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * A new job. Its workspace and creator come from the caller, never from this body.
 * {@code maxAttempts} bounds how often a silent coordinator's lease may expire before the job
 * fails (default {@value JobLimits#DEFAULT_MAX_ATTEMPTS}). {@code payload} is any JSON object, at most jobs-service's
 * payload limit as JSON ({@value JobLimits#DEFAULT_MAX_PAYLOAD_BYTES} bytes by default).
 */
public record CreateJobRequest(
        @NotBlank @Size(max = JobLimits.MAX_TYPE_LENGTH)
        @Pattern(regexp = JobLimits.TYPE_PATTERN, message = JobLimits.TYPE_RULE)
        String type,
        @Min(JobLimits.MIN_PRIORITY) @Max(JobLimits.MAX_PRIORITY) Integer priority,
        Map<String, Object> payload,
        @Min(1) @Max(JobLimits.MAX_ATTEMPTS) Integer maxAttempts) {
}
