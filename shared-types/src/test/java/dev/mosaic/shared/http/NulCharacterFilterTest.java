package dev.mosaic.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NulCharacterFilterTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"step\":\"a\\u0000b\"}         | true",
            "{\"step\":\"\\u0000\"}           | true",
            "{\"step\":\"a\\\\u0000b\"}       | false",
            "{\"step\":\"a\\\\\\u0000b\"}     | true",
            "{\"step\":\"\\u00001\"}          | true",
            "{\"step\":\"\\u0001\"}           | false",
            "{\"step\":\"u0000\"}             | false",
            "{\"step\":\"\\\\\"}              | false",
            "{\"step\":\"ends with \\\\\"}    | false"})
    void findsTheNulEscapeButNotAnEscapedBackslashBeforeText(String json, boolean hasNul) {
        assertEquals(hasNul, NulCharacterFilter.hasNul(json.getBytes(StandardCharsets.UTF_8)), json);
    }

    @ParameterizedTest
    @CsvSource({"0, true", "65, false"})
    void findsARawNulByte(int lastByte, boolean hasNul) {
        assertEquals(hasNul, NulCharacterFilter.hasNul(new byte[] {'{', '}', (byte) lastByte}));
    }
}
