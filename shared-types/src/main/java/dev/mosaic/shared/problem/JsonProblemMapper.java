package dev.mosaic.shared.problem;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.mosaic.shared.http.ExactJsonNumbers;
import dev.mosaic.shared.http.JsonControlCharacters;
import dev.mosaic.shared.http.StrictJson;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A body that is not JSON, JSON of the wrong shape or of the wrong type for a field ({@link StrictJson}), or JSON
 * with a refused control character ({@link JsonControlCharacters}): 400, naming the field when there is one.
 */
@Provider
public class JsonProblemMapper implements ExceptionMapper<JsonProcessingException> {
    private static final Set<Class<?>> INTEGRAL = Set.of(int.class, long.class, short.class, byte.class, Integer.class,
            Long.class, Short.class, Byte.class, BigInteger.class);

    @Override
    public Response toResponse(JsonProcessingException exception) {
        return ProblemResponses.of(problemFor(exception));
    }

    static Problem problemFor(JsonProcessingException exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonControlCharacters.RefusedControlCharacter refused) {
                // a collection's element wraps the refusal like any failure in it; it is the body's fault all the same
                return Problem.of(ProblemType.MALFORMED_REQUEST, refused.getOriginalMessage());
            }
        }
        if (exception instanceof JsonParseException || !(exception instanceof JsonMappingException mapping)) {
            return Problem.of(ProblemType.MALFORMED_REQUEST,
                    "The request body is not valid JSON: " + exception.getOriginalMessage());
        }
        String field = fieldPath(mapping);
        String message = fieldMessage(mapping);
        if (field.isEmpty()) {
            return Problem.of(ProblemType.MALFORMED_REQUEST, "The request body has the wrong shape: " + message);
        }
        return Problem.of(ProblemType.VALIDATION_FAILED, "Field '" + field + "' " + message,
                List.of(new Problem.FieldError(field, message)));
    }

    private static String fieldMessage(JsonMappingException exception) {
        if (exception instanceof ExactJsonNumbers.NumberTooLong tooLong) {
            return tooLong.getOriginalMessage();
        }
        if (exception instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            String allowed = Arrays.stream(invalid.getTargetType().getEnumConstants())
                    .map(constant -> wireName((Enum<?>) constant))
                    .collect(Collectors.joining(", "));
            return "must be one of [" + allowed + "], not '" + invalid.getValue() + "'";
        }
        if (exception instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return "must be " + describe(mismatched.getTargetType());
        }
        return "cannot be read: " + exception.getOriginalMessage();
    }

    /** The constant as the client writes it: its {@code @JsonProperty} name if it has one (WorkspaceRole's). */
    private static String wireName(Enum<?> constant) {
        try {
            JsonProperty property = constant.getDeclaringClass().getField(constant.name())
                    .getAnnotation(JsonProperty.class);
            return property == null ? constant.name() : property.value();
        } catch (NoSuchFieldException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String describe(Class<?> type) {
        if (java.util.Map.class.isAssignableFrom(type)) {
            return "a JSON object";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON array";
        }
        if (INTEGRAL.contains(type)) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type.isRecord()) {
            return "a JSON object";
        }
        return "of type " + type.getSimpleName();
    }

    private static String fieldPath(JsonMappingException exception) {
        return exception.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}
