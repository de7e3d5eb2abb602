package dev.mosaic.shared.jobs;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Progress of a RUNNING job. A value lower than the stored one changes nothing. */
public record ProgressUpdate(
        @NotNull @Min(0) @Max(100) Integer progressPercent,
        @Size(max = JobLimits.MAX_STEP_LENGTH) String currentStep) {
}
