package dev.mosaic.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormBodyTest {

    @Test
    void decodesPlusPercentAndUtf8AndKeepsRepeatedNames() throws Exception {
        assertEquals(Map.of("a", List.of("x y", "ü"), "b", List.of(""), "c", List.of("1=2")),
                FormBody.parse("a=x+y&b&&a=%C3%BC&c=1%3D2".getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%zz", "a=%", "a=%4", "%=1", "a=%ff%fe", "a=%C3"})
    void refusesWhatIsNotFormEncodingOfUtf8(String body) {
        assertThrows(FormBody.MalformedFormException.class, () -> FormBody.parse(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void refusesRawBytesThatAreNotUtf8() {
        assertThrows(FormBody.MalformedFormException.class, () -> FormBody.parse(new byte[] {'a', '=', (byte) 0xFF}));
    }

    @Test
    void quotedLogTextCannotBreakTheLine() {
        assertEquals("\"a\\r\\nINFO forged \\\"x\\\" \\u0000\\\\\"", ControlCharacters.quoted("a\r\nINFO forged \"x\" \0\\"));
        assertEquals("null", ControlCharacters.quoted(null));
    }
}
