package dev.mosaic.shared.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.List;

/**
 * How both services read JSON: a value is taken as the type its field declares, never converted from another JSON
 * type, and free JSON's numbers as exactly as they are stored ({@link ExactJsonNumbers}). Jackson's defaults guess
 * instead: {@code "50"} for a number was 50, {@code 1.5} for an integer 1, {@code 5} or {@code true} for a string
 * "5" or "true", an enum's index stood for the constant, and {@code ""} for null. A refusal is a
 * {@link MismatchedInputException} with the field's path, which {@link dev.mosaic.shared.problem.JsonProblemMapper}
 * answers with a 400 naming the field.
 * <p>
 * {@code FAIL_ON_NULL_FOR_PRIMITIVES} stays off: requests have no primitive members (a number a request must carry
 * is an {@code Integer} whose {@code @NotNull} names it when it is null or missing), and this mapper also reads
 * answers, such as a remembered idempotent answer written by the previous release, which must not fail over a
 * member added since.
 */
public final class StrictJson {
    private StrictJson() {
    }

    /** Each service installs it on the mapper Quarkus REST reads bodies with (its {@code http.EdgeFilters}). */
    public static void installOn(ObjectMapper mapper) {
        for (LogicalType scalar : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(scalar).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        for (CoercionInputShape scalar : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(scalar, CoercionAction.Fail);
        }
        mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        ExactJsonNumbers.installOn(mapper);
    }
}
