package dev.mosaic.jobs.live;

import dev.mosaic.jobs.config.IntRange;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Live event streams: how often they prove they are alive, how many one replica serves (in all and to one caller),
 * how far a reader may lag.
 */
@ConfigMapping(prefix = "mosaic.jobs.live")
public interface LiveConfig {
    /** A {@code : keep-alive} comment this often, so proxies and clients see an idle stream is still open. */
    @WithDefault("15s")
    Duration heartbeat();

    /** Streams open at once on this replica; one more is answered 503 with Retry-After. */
    @WithDefault("1000")
    @WithConverter(IntRange.AtLeastOne.class)
    int maxStreams();

    /**
     * Streams one caller (the token's subject, whatever the token) holds at once on this replica; one more is
     * answered 429 with Retry-After, so that one caller cannot take every stream of the replica from everyone else.
     */
    @WithDefault("20")
    @WithConverter(IntRange.AtLeastOne.class)
    int maxStreamsPerCaller();

    /**
     * Events a stream holds for a reader that does not keep up. One more and the reader is sent where to
     * resume from and the stream is closed, so a slow reader costs bounded memory.
     */
    @WithDefault("1000")
    @WithConverter(IntRange.AtLeastOne.class)
    int bufferEvents();
}
