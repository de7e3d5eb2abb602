package dev.mosaic.auth.crypto;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "mosaic.auth.cpu-work")
public interface CpuWorkConfig {
    /**
     * Tasks that may wait per CPU-work thread; beyond, work is refused with 503. The wait of the last in line is
     * about this many argon2id runs (each some tens of milliseconds), however long the flood.
     */
    int queuePerThread();
}
