package dev.mosaic.jobs.coordinator;

import dev.mosaic.jobs.config.IntRange;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

/** How long coordinators hold the jobs they claim, and how often silent ones lose them. */
@ConfigMapping(prefix = "mosaic.jobs.lease")
public interface LeaseConfig {
    /** The lease of a claim that names no {@code leaseSeconds}. */
    @WithDefault("60")
    @WithConverter(IntRange.AtLeastOne.class)
    int defaultSeconds();

    /** The longest lease a claim may ask for: how long a dead coordinator can hold a job at most. */
    @WithDefault("600")
    @WithConverter(IntRange.UpToADay.class)
    int maxSeconds();

    /**
     * How often each replica takes back the jobs whose lease expired, as the scheduler reads it
     * ({@code 5s}, {@code 1m}); {@code off} leaves it to claims, which take back what they find.
     */
    String sweepEvery();

    /** How many expired leases one sweep takes back at most (the next sweep takes the rest). */
    @WithDefault("500")
    @WithConverter(IntRange.AtLeastOne.class)
    int sweepBatch();
}
