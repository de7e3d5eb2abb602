package dev.mosaic.shared.jobs;

import java.util.Map;

/**
 * The end of a successful run; {@code result} is any JSON object, at most jobs-service's payload limit as JSON
 * ({@value JobLimits#DEFAULT_MAX_PAYLOAD_BYTES} bytes by default).
 */
public record CompleteJobRequest(Map<String, Object> result) {
}
