package dev.mosaic.shared.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Numbers in free JSON (a job's payload or result, an event's data: a {@code Map} or {@code Object} member) exactly
 * as PostgreSQL's jsonb keeps them. Jackson's default made every fraction a double: {@code 1e999} became Infinity,
 * stored as the string "Infinity", and {@code 0.12345678901234567890123} lost its last digits.
 * <p>
 * jsonb keeps a number as a {@code numeric} and writes it out in full: {@code 1e3} is stored and read back as
 * {@code 1000}, {@code 1.5e-3} as {@code 0.0015}, {@code 1.50} as {@code 1.50}. So a number with a fraction is read as
 * the {@link BigDecimal} it spells and written out in full; one without (written with an exponent) is the integer it
 * stands for, as Jackson reads an integer ({@code Integer}, {@code Long} or {@code BigInteger}). The answer to a
 * write, every later read and a value that Hibernate copies to see whether it changed are then the same number.
 * <p>
 * Written out in full, {@code 1e1001} would be longer than any JSON reader here takes (Jackson's
 * {@code StreamReadConstraints}: 1000 digits), and the job could be stored but never read again: such a number is
 * refused as it is read ({@link NumberTooLong}), before anything is written. An integer written without an exponent
 * is held to the same length by the parser itself.
 */
public final class ExactJsonNumbers {
    private ExactJsonNumbers() {
    }

    /** On the mapper that reads request bodies ({@link StrictJson}) and on jobs-service's one for jsonb columns. */
    public static void installOn(ObjectMapper mapper) {
        mapper.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        mapper.registerModule(new SimpleModule(ExactJsonNumbers.class.getSimpleName())
                .addDeserializer(Number.class, new Reader()));
    }

    /** How many digits {@code number} has written out in full, as PostgreSQL writes it: 1e3 has 4, 0.0015 has 5. */
    static long digitsWrittenOut(BigDecimal number) {
        long fractionDigits = Math.max(0, number.scale());
        long integerDigits = Math.max(1, (long) number.precision() - number.scale());
        return integerDigits + fractionDigits;
    }

    /** The refusal of a free number too long written out in full; its message is fit for the client. */
    public static final class NumberTooLong extends MismatchedInputException {
        private NumberTooLong(JsonParser parser, String message) {
            super(parser, message, BigDecimal.class);
        }
    }

    /**
     * Every number whose declared type says no more than {@link Number} or {@link Object}: Jackson's reader of
     * free JSON hands its numbers to the deserializer registered for {@link Number}.
     */
    private static final class Reader extends StdDeserializer<Number> {
        Reader() {
            super(Number.class);
        }

        @Override
        public Number deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                return parser.getNumberValue();
            }
            if (parser.currentToken() != JsonToken.VALUE_NUMBER_FLOAT) {
                return (Number) context.handleUnexpectedToken(Number.class, parser);
            }
            BigDecimal number = parser.getDecimalValue();
            long digits = digitsWrittenOut(number);
            int maxDigits = parser.streamReadConstraints().getMaxNumberLength();
            if (digits > maxDigits) {
                throw new NumberTooLong(parser, "must have at most " + maxDigits
                        + " digits written out in full, as it is stored; this one has " + digits);
            }
            return number.scale() > 0 ? number : asReadFromDigits(number.toBigIntegerExact());
        }

        private static Number asReadFromDigits(BigInteger integer) {
            if (integer.bitLength() < Integer.SIZE) {
                return integer.intValue();
            }
            return integer.bitLength() < Long.SIZE ? integer.longValue() : integer;
        }
    }
}
