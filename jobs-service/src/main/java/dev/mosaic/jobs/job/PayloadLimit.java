package dev.mosaic.jobs.job;

import dev.mosaic.jobs.config.IntRange;
import dev.mosaic.shared.jobs.JobLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

/**
 * How large a job's payload and its result may be. Every list item, every live event and every event a stream
 * buffers carries the job with both, so this, not the 1 MiB body limit, bounds what a job costs in memory.
 */
@ConfigMapping(prefix = "mosaic.jobs.payload")
public interface PayloadLimit {
    /** Bytes of a payload, or of a result, as compact JSON in UTF-8. */
    @WithDefault("" + JobLimits.DEFAULT_MAX_PAYLOAD_BYTES)
    @WithConverter(IntRange.AtLeastOne.class)
    int maxBytes();
}
