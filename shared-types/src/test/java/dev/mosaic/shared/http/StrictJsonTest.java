package dev.mosaic.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrictJsonTest {
    private static final ObjectMapper JSON = strict();

    enum Shade { LIGHT, DARK }

    record Request(Integer count, String name, Shade shade, Boolean on, UUID id, List<String> tags,
            Map<String, Object> payload) {
    }

    private static ObjectMapper strict() {
        ObjectMapper mapper = new ObjectMapper();
        StrictJson.installOn(mapper);
        return mapper;
    }

    @ParameterizedTest(name = "{0} is refused at {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"count\":\"50\"}          | count",
            "{\"count\":1.5}             | count",
            "{\"count\":1.0}             | count",
            "{\"count\":true}            | count",
            "{\"count\":\"\"}            | count",
            "{\"name\":5}                | name",
            "{\"name\":1.5}              | name",
            "{\"name\":true}             | name",
            "{\"shade\":1}               | shade",
            "{\"shade\":\"1\"}           | shade",
            "{\"shade\":\"\"}            | shade",
            "{\"on\":\"true\"}           | on",
            "{\"on\":1}                  | on",
            "{\"id\":\"\"}               | id",
            "{\"tags\":[\"a\",2]}        | tags[1]",
            "{\"payload\":{\"n\":1e1001}} | payload.n"})
    void aValueOfAnotherTypeIsRefusedNotConverted(String json, String field) {
        MismatchedInputException refused = assertThrows(MismatchedInputException.class,
                () -> JSON.readValue(json, Request.class));
        assertEquals(field, pathOf(refused), refused.getMessage());
    }

    @Test
    void valuesOfTheirOwnTypeAreTaken() throws Exception {
        Request request = JSON.readValue("{\"count\":50,\"name\":\"x\",\"shade\":\"DARK\",\"on\":true,"
                + "\"id\":\"3f2c5e0a-4b1d-4c7e-9a8f-0123456789ab\",\"tags\":[\"a\"],\"payload\":{\"n\":1}}",
                Request.class);
        assertEquals(new Request(50, "x", Shade.DARK, true, UUID.fromString("3f2c5e0a-4b1d-4c7e-9a8f-0123456789ab"),
                List.of("a"), Map.of("n", 1)), request);
    }

    private static String pathOf(JsonMappingException refused) {
        return refused.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}
