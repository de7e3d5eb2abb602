package dev.mosaic.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonControlCharactersTest {

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
        assertEquals(refused, JsonControlCharacters.firstRefusedIn(json.getBytes(StandardCharsets.UTF_8)), json);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 1", "127, 127", "65, -1", "10, -1", "9, -1", "13, -1"})
    void findsARawControlByte(int lastByte, int refused) {
        assertEquals(refused, JsonControlCharacters.firstRefusedIn(new byte[] {'{', '}', (byte) lastByte}));
    }

    @ParameterizedTest
    @CsvSource({"0xC3, 0x85, -1", "0xE2, 0x80, -1", "0xC5, 0x9F, -1"})
    void letsTheContinuationBytesOfOtherCharactersPass(String first, String second, int refused) {
        byte[] body = {'"', (byte) Integer.decode(first).intValue(), (byte) Integer.decode(second).intValue(), '"'};
        assertEquals(refused, JsonControlCharacters.firstRefusedIn(body)); // Å, the start of …, ş
    }

    @ParameterizedTest
    @CsvSource({"0x85, 133", "0xA0, -1"})
    void findsAC1CharacterInUtf8(String second, int refused) {
        byte[] body = {'"', (byte) 0xC2, (byte) Integer.decode(second).intValue(), '"'};
        assertEquals(refused, JsonControlCharacters.firstRefusedIn(body));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"step\":\"a\\u001Bb\"} | 27",
            "{\"step\":\"a\\\\u0000b\"} | -1",
            "{\"step\":\"\u0085\"} | 133"})
    void refusesTheSameWhereverTheReadsOfTheBodyEnd(String json, int refused) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ObjectMapper mapper = new ObjectMapper();
        JsonControlCharacters.installOn(mapper);
        for (int cut = 0; cut <= body.length; cut++) {
            InputStream twoReads = new SequenceInputStream(new ByteArrayInputStream(body, 0, cut),
                    new ByteArrayInputStream(body, cut, body.length - cut));
            if (refused < 0) {
                assertEquals(json, mapper.readTree(twoReads).toString(), "cut at " + cut);
            } else {
                var thrown = assertThrows(JsonControlCharacters.RefusedControlCharacter.class,
                        () -> mapper.readTree(twoReads), "cut at " + cut);
                assertEquals(ControlCharacters.refusal("The body", refused), thrown.getOriginalMessage());
            }
        }
        assertThrows(JsonControlCharacters.RefusedControlCharacter.class, () -> mapper.readTree(
                "{\"step\":\"\\u0000\"}"), "read from a String, as a Reader");
    }
}
