package dev.mosaic.shared.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of {@code application/x-www-form-urlencoded} text (and of the form-encoded parts of
 * HTTP Basic credentials, RFC 6749 §2.3.1). Unlike {@link java.net.URLDecoder} and the framework's
 * form parser, which throw an unchecked exception where no one answers the client, it says what is
 * wrong with a checked {@link MalformedFormException}: a {@code %} not followed by two hex digits, or
 * bytes that are not UTF-8.
 */
public final class FormBody {
    private FormBody() {
    }

    /** Parameter names to their values in the order sent; a name sent twice has two values. */
    public static Map<String, List<String>> parse(byte[] body) throws MalformedFormException {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '&') {
                if (i > start) {
                    int equals = indexOf(body, (byte) '=', start, i);
                    String name = decode(body, start, equals < 0 ? i : equals);
                    String value = equals < 0 ? "" : decode(body, equals + 1, i);
                    parameters.computeIfAbsent(name, ignored -> new ArrayList<>()).add(value);
                }
                start = i + 1;
            }
        }
        return parameters;
    }

    /** One form-encoded value: {@code +} is a space, {@code %XX} a byte, the bytes UTF-8. */
    public static String decode(String encoded) throws MalformedFormException {
        byte[] bytes = encoded.getBytes(StandardCharsets.UTF_8);
        return decode(bytes, 0, bytes.length);
    }

    private static String decode(byte[] body, int from, int to) throws MalformedFormException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b == '+') {
                bytes.write(' ');
            } else if (b == '%') {
                int high = i + 1 < to ? Character.digit(body[i + 1], 16) : -1;
                int low = i + 2 < to ? Character.digit(body[i + 2], 16) : -1;
                if (high < 0 || low < 0) {
                    throw new MalformedFormException("'%' must be followed by two hexadecimal digits (at byte "
                            + i + ")");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                bytes.write(b);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedFormException("the text is not UTF-8");
        }
    }

    private static int indexOf(byte[] body, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (body[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** The form cannot be read; the message says why, in words fit for a client. */
    public static final class MalformedFormException extends Exception {
        public MalformedFormException(String message) {
            super(message, null, false, false);
        }
    }
}
