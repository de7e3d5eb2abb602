package dev.mosaic.shared.http;

import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads the query parameters that are not text (whole numbers, true or false, UUIDs), strictly, and refuses a
 * malformed one with a 400 {@code validation-failed} problem that names it and says what it takes.
 * <p>
 * Without it, {@code ?limit=abc} or {@code ?workspace=xyz} was a 404, as JAX-RS prescribes for any query or path
 * parameter that does not convert (Quarkus REST wraps the converter's failure in a {@code NotFoundException}),
 * although the URL names an endpoint that exists; {@code ?allWorkspaces=yes} was false, and
 * {@code ?workspace=1-2-3-4-5} a UUID. A path parameter keeps the 404: a malformed id names nothing. A header
 * parameter keeps the rules of the endpoint that reads it. Quarkus REST passes a
 * {@link jakarta.ws.rs.WebApplicationException} from a converter on as it is, so the refusal is a
 * {@link BadRequestException} whose cause is the {@link ProblemException};
 * {@link dev.mosaic.shared.problem.WebApplicationProblemMapper} answers with that problem.
 * <p>
 * The bounds a message names are the parameter's {@code @Min} and {@code @Max} where it has them, else its type's;
 * a number of the type beyond {@code @Min} or {@code @Max} is left to bean validation, which names the bound. A
 * primitive {@code boolean} needs {@code @DefaultValue("false")}: when it is absent, Quarkus REST hands every
 * primitive the text "0", which is no boolean.
 */
@Provider
public class QueryParameterConverters implements ParamConverterProvider {
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]+");
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        QueryParam query = annotation(annotations, QueryParam.class);
        if (query == null) {
            return null;
        }
        String name = query.value();
        if (rawType == int.class || rawType == Integer.class) {
            return (ParamConverter<T>) WholeNumber.of(name, annotations, Integer.MIN_VALUE, Integer.MAX_VALUE,
                    Math::toIntExact);
        }
        if (rawType == long.class || rawType == Long.class) {
            return (ParamConverter<T>) WholeNumber.of(name, annotations, Long.MIN_VALUE, Long.MAX_VALUE,
                    number -> number);
        }
        if (rawType == boolean.class || rawType == Boolean.class) {
            return (ParamConverter<T>) new Strict<>(name, "must be true or false",
                    value -> value.equals("true") || value.equals("false"), Boolean::valueOf);
        }
        if (rawType == UUID.class) {
            return (ParamConverter<T>) new Strict<>(name, "must be a UUID: 32 hexadecimal digits grouped 8-4-4-4-12",
                    value -> UUID_TEXT.matcher(value).matches(), UUID::fromString);
        }
        return null;
    }

    private static <A extends Annotation> A annotation(Annotation[] annotations, Class<A> type) {
        for (Annotation annotation : annotations) {
            if (type.isInstance(annotation)) {
                return type.cast(annotation);
            }
        }
        return null;
    }

    private static BadRequestException refusal(String name, String rule) {
        return new BadRequestException(new ProblemException(Problem.of(ProblemType.VALIDATION_FAILED,
                "Query parameter '" + name + "' " + rule + ".", List.of(new Problem.FieldError(name, rule)))));
    }

    /** A whole number of a type: digits with an optional minus, no more than the type holds. */
    private record WholeNumber<N extends Number>(String name, long min, long max, Function<Long, N> narrow)
            implements ParamConverter<N> {
        static <N extends Number> WholeNumber<N> of(String name, Annotation[] annotations, long typeMin, long typeMax,
                Function<Long, N> narrow) {
            Min min = annotation(annotations, Min.class);
            Max max = annotation(annotations, Max.class);
            return new WholeNumber<>(name, min == null ? typeMin : Math.max(typeMin, min.value()),
                    max == null ? typeMax : Math.min(typeMax, max.value()), narrow);
        }

        @Override
        public N fromString(String value) {
            if (WHOLE_NUMBER.matcher(value).matches()) {
                try {
                    return narrow.apply(Long.parseLong(value));
                } catch (NumberFormatException | ArithmeticException beyondTheType) {
                    // refused below, like any other text
                }
            }
            throw refusal(name, "must be a whole number from " + min + " to " + max);
        }

        @Override
        public String toString(N value) {
            return value.toString();
        }
    }

    /** A value whose text must match its form exactly before it is converted. */
    private record Strict<V>(String name, String rule, Predicate<String> form,
            Function<String, V> convert) implements ParamConverter<V> {
        @Override
        public V fromString(String value) {
            if (!form.test(value)) {
                throw refusal(name, rule);
            }
            return convert.apply(value);
        }

        @Override
        public String toString(V value) {
            return value.toString();
        }
    }
}
