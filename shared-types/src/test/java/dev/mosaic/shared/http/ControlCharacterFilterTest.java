package dev.mosaic.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ControlCharacterFilterTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"step\":\"a\\u0000b\"}         | 0",
            "{\"step\":\"\\u0000\"}           | 0",
            "{\"step\":\"a\\\\u0000b\"}       | -1",
            "{\"step\":\"a\\\\\\u0000b\"}     | 0",
            "{\"step\":\"\\u00001\"}          | 0",
            "{\"step\":\"\\u0001\"}           | 1",
            "{\"step\":\"\\u001B[31m\"}       | 27",
            "{\"step\":\"\\u007f\"}           | 127",
            "{\"step\":\"\\u0085\"}           | 133",
            "{\"error\":\"line\\nnext\\ttab\\r\"} | -1",
            "{\"error\":\"\\u000a\\u0009\\u000D\"} | -1",
            "{\"step\":\"\\u0100\"}           | -1",
            "{\"step\":\"u0000\"}             | -1",
            "{\"step\":\"\\\\\"}              | -1",
            "{\"step\":\"ends with \\\\\"}    | -1",
            "{\"step\":\"\\u00\"}             | -1"})
    void findsRefusedEscapesButNotAnEscapedBackslashBeforeText(String json, int refused) {
        assertEquals(refused, ControlCharacterFilter.firstRefusedInJson(json.getBytes(StandardCharsets.UTF_8)), json);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 1", "127, 127", "65, -1", "10, -1", "9, -1", "13, -1"})
    void findsARawControlByte(int lastByte, int refused) {
        assertEquals(refused, ControlCharacterFilter.firstRefusedInJson(new byte[] {'{', '}', (byte) lastByte}));
    }

    @ParameterizedTest
    @CsvSource({"0x85, 133", "0xA0, -1"})
    void findsAC1CharacterInUtf8(String second, int refused) {
        byte[] body = {'"', (byte) 0xC2, (byte) Integer.decode(second).intValue(), '"'};
        assertEquals(refused, ControlCharacterFilter.firstRefusedInJson(body));
    }
}
