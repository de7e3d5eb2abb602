package dev.mosaic.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.jobs.coordinator.LeaseConfig;
import dev.mosaic.jobs.job.PayloadLimit;
import dev.mosaic.jobs.live.LiveConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings' ranges as the configuration is read: a value outside stops the start and names the property. */
class IntRangeTest {

    @Test
    void valuesInsideTheirRangesAreRead() {
        SmallRyeConfig config = configWith(Map.of("mosaic.jobs.lease.max-seconds", "86400",
                "mosaic.jobs.live.max-streams", "1", "mosaic.jobs.live.max-streams-per-caller", "1"));
        assertEquals(86_400, config.getConfigMapping(LeaseConfig.class).maxSeconds());
        assertEquals(60, config.getConfigMapping(LeaseConfig.class).defaultSeconds());
        assertEquals(1, config.getConfigMapping(LiveConfig.class).maxStreams());
        assertEquals(1, config.getConfigMapping(LiveConfig.class).maxStreamsPerCaller());
        assertEquals(20, configWith(Map.of()).getConfigMapping(LiveConfig.class).maxStreamsPerCaller());
        assertEquals(64 * 1024, config.getConfigMapping(PayloadLimit.class).maxBytes());
    }

    @Test
    void aLeaseLongerThanADayIsRefusedWithItsPropertyAndRange() {
        String problem = refused(Map.of("mosaic.jobs.lease.max-seconds", "86401"));
        assertTrue(problem.contains("mosaic.jobs.lease.max-seconds"), problem);
        assertTrue(problem.contains("must be between 1 and 86400"), problem);
    }

    @Test
    void zeroIsRefusedWhereAtLeastOneIsNeeded() {
        for (String property : new String[] {"mosaic.jobs.lease.default-seconds", "mosaic.jobs.lease.sweep-batch",
                "mosaic.jobs.live.max-streams", "mosaic.jobs.live.max-streams-per-caller", "mosaic.jobs.live.buffer-events",
                "mosaic.jobs.payload.max-bytes"}) {
            String problem = refused(Map.of(property, "0"));
            assertTrue(problem.contains(property) && problem.contains("must be at least 1"), problem);
        }
    }

    @Test
    void aValueThatIsNoWholeNumberIsRefused() {
        String problem = refused(Map.of("mosaic.jobs.live.buffer-events", "lots"));
        assertTrue(problem.contains("mosaic.jobs.live.buffer-events") && problem.contains("must be a whole number"),
                problem);
    }

    private static String refused(Map<String, String> values) {
        return assertThrows(ConfigValidationException.class, () -> configWith(values)).getMessage();
    }

    private static SmallRyeConfig configWith(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter()) // Quarkus' 15s, as in the service
                .withDefaultValue("mosaic.jobs.lease.sweep-every", "5s")
                .withDefaultValues(values)
                .withMapping(LeaseConfig.class)
                .withMapping(LiveConfig.class)
                .withMapping(PayloadLimit.class)
                .build();
    }
}
