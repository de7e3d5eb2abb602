package dev.mosaic.jobs.config;

import org.eclipse.microprofile.config.spi.Converter;

/**
 * Whole-number settings that must lie in a range, checked as the configuration is read, so a value
 * outside fails the start with the property's name and the rule it broke. Converters rather than Bean
 * Validation constraints on the mapping: one constraint on any mapping makes Quarkus build a validator
 * over every configuration class of every extension at each start (about 0.3 s of CPU on the main
 * thread, a twentieth of a start on 2 cores).
 */
public final class IntRange {
    private IntRange() {
    }

    /** 1 or more. */
    public static final class AtLeastOne implements Converter<Integer> {
        @Override
        public Integer convert(String value) {
            return within(value, 1, Integer.MAX_VALUE);
        }
    }

    /** Seconds from 1 to a day (86 400). */
    public static final class UpToADay implements Converter<Integer> {
        @Override
        public Integer convert(String value) {
            return within(value, 1, 86_400);
        }
    }

    static int within(String value, int min, int max) {
        int number;
        try {
            number = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number", e);
        }
        if (number < min || number > max) {
            throw new IllegalArgumentException(max == Integer.MAX_VALUE ? "must be at least " + min
                    : "must be between " + min + " and " + max);
        }
        return number;
    }
}
