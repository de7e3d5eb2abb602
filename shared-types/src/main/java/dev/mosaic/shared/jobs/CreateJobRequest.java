package dev.mosaic.shared.jobs;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** A new job. Its workspace and creator come from the caller, never from this body. */
public record CreateJobRequest(
        @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._:-]*",
                message = "must start with a letter or digit and contain only letters, digits, '.', '_', ':' or '-'")
        String type,
        @Min(JobLimits.MIN_PRIORITY) @Max(JobLimits.MAX_PRIORITY) Integer priority,
        Map<String, Object> payload) {
}
