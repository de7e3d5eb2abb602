package dev.mosaic.shared.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem detail: the body of every error either service sends, as
 * {@code application/problem+json}. {@code errors} lists field errors of a validation
 * failure; {@code extensions} carries problem-specific members (for example the current
 * status and the allowed next ones of a refused transition), flattened into the body.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(description = "An RFC 9457 problem, the body of every error. Some types add members (e.g. `currentStatus`, "
        + "`allowedNextStatuses`).")
public record Problem(
        @Schema(description = "`urn:mosaic:problem:<name>`: what clients switch on") URI type,
        String title,
        int status,
        String detail,
        String instance,
        @Schema(description = "What to fix, for a validation failure") List<FieldError> errors,
        @JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.uri(), type.title(), type.status(), detail, null, List.of(), Map.of());
    }

    public static Problem of(ProblemType type, String detail, List<FieldError> errors) {
        return new Problem(type.uri(), type.title(), type.status(), detail, null, errors, Map.of());
    }

    /** A copy with one more extension member. */
    public Problem with(String member, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(member, value);
        return new Problem(type, title, status, detail, instance, errors, more);
    }

    @JsonAnyGetter
    Map<String, Object> extensionMembers() {
        return extensions;
    }

    /** One rejected field: where it is (a dotted path into the body or a parameter name) and why. */
    public record FieldError(
            @Schema(description = "A dotted path into the body, or a parameter or header name") String field,
            String message) {
    }
}
