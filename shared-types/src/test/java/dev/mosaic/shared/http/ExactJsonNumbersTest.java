package dev.mosaic.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExactJsonNumbersTest {
    private static final ObjectMapper JSON = exact();

    record Job(Map<String, Object> payload) {
    }

    private static ObjectMapper exact() {
        ObjectMapper mapper = new ObjectMapper();
        ExactJsonNumbers.installOn(mapper);
        return mapper;
    }

    /** As PostgreSQL's jsonb writes each of them, so the answer to a write and a later read agree. */
    @ParameterizedTest(name = "{0} is kept as {1}")
    @CsvSource({
            "0.12345678901234567890123, 0.12345678901234567890123",
            "1.5e-3, 0.0015",
            "1.50, 1.50",
            "1e2, 100",
            "-0.0, 0.0",
            "123456789012345678901234567890, 123456789012345678901234567890"})
    void aFreeNumberIsKeptExactlyAndWrittenOutInFull(String written, String kept) throws Exception {
        Map<String, Object> payload = JSON.readValue("{\"payload\":{\"n\":" + written + "}}", Job.class).payload();
        assertEquals("{\"n\":" + kept + "}", JSON.writeValueAsString(payload));
    }

    @Test
    void aFreeNumberWithMoreThan1000DigitsWrittenOutIsRefused() throws Exception {
        Map<String, Object> atTheLimit = JSON.readValue("{\"payload\":{\"n\":1e999,\"m\":1e-998}}", Job.class)
                .payload();
        assertEquals("{\"n\":1" + "0".repeat(999) + ",\"m\":0." + "0".repeat(997) + "1}",
                JSON.writeValueAsString(atTheLimit));
        for (String tooLong : List.of("1e1000", "1e-1000", "1.5e1000", "-1e1000", "1e999999999")) {
            JsonMappingException refused = assertThrows(JsonMappingException.class,
                    () -> JSON.readValue("{\"payload\":{\"n\":" + tooLong + "}}", Job.class), tooLong);
            assertInstanceOf(ExactJsonNumbers.NumberTooLong.class, refused, tooLong);
            assertEquals("payload.n", pathOf(refused));
        }
    }

    @ParameterizedTest
    @CsvSource({"1e3, 4", "0.0015, 5", "1.50, 3", "0, 1", "0.000, 4", "1e-3, 4", "123.45, 5"})
    void countsTheDigitsAsPostgreSqlWritesTheNumber(String number, long digits) {
        assertEquals(digits, ExactJsonNumbers.digitsWrittenOut(new BigDecimal(number)));
    }

    @Test
    void anIntegerWrittenWithAnExponentIsTheIntegerJacksonReadsFromItsDigits() throws Exception {
        Map<String, Object> payload = JSON.readValue("{\"payload\":{\"i\":5e0,\"l\":1e10,\"b\":1e20,\"d\":5.0}}",
                Job.class).payload();
        assertEquals(Map.of("i", 5, "l", 10_000_000_000L, "b", BigInteger.TEN.pow(20), "d", new BigDecimal("5.0")),
                payload);
        assertEquals(payload, JSON.readValue(JSON.writeValueAsString(new Job(payload)), Job.class).payload(),
                "the same values once written and read again, as Hibernate compares a jsonb value with its copy");
    }

    private static String pathOf(JsonMappingException refused) {
        return refused.getPath().stream().map(JsonMappingException.Reference::getFieldName)
                .reduce((parent, child) -> parent + "." + child).orElse("");
    }
}
