package dev.mosaic.shared.jobs;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** The end of a failed run: what went wrong, and optional structured details. */
public record FailJobRequest(
        @NotBlank @Size(max = JobLimits.MAX_ERROR_LENGTH) String error,
        Map<String, Object> details) {
}
