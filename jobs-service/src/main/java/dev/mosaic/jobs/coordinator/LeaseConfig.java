package dev.mosaic.jobs.coordinator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** How long coordinators hold the jobs they claim, and how often silent ones lose them. */
@ConfigMapping(prefix = "mosaic.jobs.lease")
public interface LeaseConfig {
    /** The lease of a claim that names no {@code leaseSeconds}. */
    @WithDefault("60")
    @Min(1)
    int defaultSeconds();

    /** The longest lease a claim may ask for: how long a dead coordinator can hold a job at most. */
    @WithDefault("600")
    @Min(1)
    @Max(86_400)
    int maxSeconds();

    /** How often each replica takes back the jobs whose lease expired; a claim also does, for what it takes. */
    Duration sweepEvery();

    /** How many expired leases one sweep takes back at most (the next sweep takes the rest). */
    @WithDefault("500")
    @Min(1)
    int sweepBatch();
}
