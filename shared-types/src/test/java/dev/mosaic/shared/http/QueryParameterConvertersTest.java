package dev.mosaic.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which parameters it reads and what it takes; its refusals are answered over HTTP (a {@code WebApplicationException}
 * needs the Quarkus REST runtime): jobs-service's {@code runner.BadInputTest}, auth-service's {@code
 * workspace.TeamWorkspacesTest}.
 */
class QueryParameterConvertersTest {
    private static final String ID = "3f2c5e0a-4b1d-4c7e-9a8f-0123456789ab";

    @SuppressWarnings("unused")
    void endpoint(@QueryParam("limit") @Min(1) @Max(100) int limit, @QueryParam("after") @Min(0) long after,
            @QueryParam("max") Integer max, @QueryParam("workspace") UUID workspace,
            @QueryParam("allWorkspaces") boolean allWorkspaces, @PathParam("id") UUID id,
            @HeaderParam("X-Count") int count) {
    }

    @ParameterizedTest(name = "{0}={1} is {2}")
    @CsvSource({"limit, 50, 50", "limit, 0, 0", "limit, -7, -7", "after, 9223372036854775807, 9223372036854775807",
            "max, 2147483647, 2147483647", "allWorkspaces, true, true", "allWorkspaces, false, false",
            "workspace, " + ID + ", " + ID, "workspace, 3F2C5E0A-4B1D-4C7E-9A8F-0123456789AB, " + ID})
    void convertsWhatTheTypeHolds(String parameter, String value, String converted) {
        assertEquals(converted, String.valueOf(converterOf(parameter).fromString(value)));
    }

    @Test
    void leavesPathAndHeaderParametersToTheirOwnRules() {
        assertNull(converterOf("id"), "a malformed path id stays the 404 of a URL that names nothing");
        assertNull(converterOf("X-Count"));
    }

    private static ParamConverter<?> converterOf(String name) {
        Method endpoint = Arrays.stream(QueryParameterConvertersTest.class.getDeclaredMethods())
                .filter(method -> method.getName().equals("endpoint")).findFirst().orElseThrow();
        for (Parameter parameter : endpoint.getParameters()) {
            if (Arrays.stream(parameter.getAnnotations()).anyMatch(annotation -> name.equals(nameIn(annotation)))) {
                return new QueryParameterConverters().getConverter(parameter.getType(),
                        parameter.getParameterizedType(), parameter.getAnnotations());
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static String nameIn(Annotation annotation) {
        if (annotation instanceof QueryParam query) {
            return query.value();
        }
        if (annotation instanceof PathParam path) {
            return path.value();
        }
        return annotation instanceof HeaderParam header ? header.value() : null;
    }
}
