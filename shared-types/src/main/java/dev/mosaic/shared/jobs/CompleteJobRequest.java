package dev.mosaic.shared.jobs;

import java.util.Map;

/** The end of a successful run; {@code result} is any JSON object, up to the body limit. */
public record CompleteJobRequest(Map<String, Object> result) {
}
