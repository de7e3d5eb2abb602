package dev.mosaic.jobs.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/** Refuses a job's payload or result larger than {@link PayloadLimit}, before anything is written. */
@Singleton
public class PayloadSize {
    private final ObjectMapper json;
    private final int maxBytes;

    public PayloadSize(ObjectMapper json, PayloadLimit limit) {
        this.json = json;
        this.maxBytes = limit.maxBytes();
    }

    /** @param field the body's member that holds {@code value}, named in the problem */
    public void requireWithinLimit(String field, Map<String, Object> value) {
        if (value == null) {
            return;
        }
        int bytes = bytesOf(value);
        if (bytes > maxBytes) {
            throw new ProblemException(Problem.of(ProblemType.PAYLOAD_TOO_LARGE, field + " is " + bytes
                            + " bytes as JSON; a job's " + field + " may be at most " + maxBytes
                            + ". Keep large data elsewhere and pass a reference to it.",
                    List.of(new Problem.FieldError(field, "must be at most " + maxBytes + " bytes as JSON")))
                    .with("limitBytes", maxBytes));
        }
    }

    private int bytesOf(Map<String, Object> value) {
        try {
            return json.writeValueAsBytes(value).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON object read from a request could not be written again", e);
        }
    }
}
