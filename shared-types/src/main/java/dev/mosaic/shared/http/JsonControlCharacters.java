package dev.mosaic.shared.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.io.InputDecorator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/**
 * Refuses, in every JSON document the service's {@link ObjectMapper} reads (request bodies above all), each
 * control character that {@link ControlCharacters} allows nowhere: everything but tab, line feed and carriage
 * return, raw or escaped ({@code \u0000}). Without it a NUL would surface deep inside a write as a server error
 * (PostgreSQL's text refuses it), and an escape sequence could reach a terminal that reads a log.
 * <p>
 * It scans the bytes as Jackson reads them, as an {@link InputDecorator} of the mapper's factory, so it covers
 * every body Quarkus REST turns into an object, over HTTP/1.1 and HTTP/2 alike. A JAX-RS reader interceptor did
 * this before; its mere presence sends every body through Quarkus REST's slow path, which looks the endpoint's
 * parameter annotations up by reflection on each request. The refusal is a {@link RefusedControlCharacter}, which
 * {@link dev.mosaic.shared.problem.JsonProblemMapper} answers with a 400 problem.
 */
public final class JsonControlCharacters {
    private JsonControlCharacters() {
    }

    /** Each service installs it on the mapper Quarkus REST reads bodies with (its {@code http.EdgeFilters}). */
    public static void installOn(ObjectMapper mapper) {
        mapper.getFactory().setInputDecorator(new Decorator());
    }

    /** The first control character that JSON text may not carry, raw or escaped, or -1. */
    static int firstRefusedIn(byte[] json) {
        Scanner scanner = new Scanner();
        for (byte b : json) {
            int refused = scanner.nextByte(b & 0xFF);
            if (refused >= 0) {
                return refused;
            }
        }
        return -1;
    }

    /** The refusal, a parse failure of the document; its message is fit for the client. */
    public static final class RefusedControlCharacter extends JsonParseException {
        private RefusedControlCharacter(int character) {
            super(null, ControlCharacters.refusal("The body", character));
        }
    }

    /**
     * Reads JSON text one unit at a time (a byte of UTF-8, or a char), remembering what it is in the middle
     * of across reads: a backslash escape, the four hex digits of a {@code \}{@code u} escape, or the lead byte
     * of a C1 character (U+0080–U+009F: {@code 0xC2 0x80}–{@code 0xC2 0x9F} in UTF-8).
     */
    static final class Scanner {
        private static final int NONE = -1;
        private static final int TEXT = 0;
        private static final int ESCAPE = 1;
        private static final int UNICODE_ESCAPE = 2;
        private static final int C1_LEAD = 3;
        private static final int NOT_ASCII = 0x100;

        private int state = TEXT;
        private int hexDigits;
        private int escaped;

        /** One byte of UTF-8 (0–255): the character it refuses, or -1. */
        int nextByte(int b) {
            if (state == C1_LEAD) {
                state = TEXT;
                if (b >= 0x80 && b <= 0x9F) {
                    return b;
                }
            }
            return next(b < 0x80 ? b : NOT_ASCII, b == 0xC2);
        }

        /** One UTF-16 char: the character it refuses, or -1. */
        int nextChar(char c) {
            return c >= 0x80 && c <= 0x9F ? c : next(c < 0x80 ? c : NOT_ASCII, false);
        }

        /** {@code c}: an ASCII character, or {@link #NOT_ASCII} for any part of another one. */
        private int next(int c, boolean c1Lead) {
            if (refusedAnywhere(c)) {
                return c;
            }
            if (state == ESCAPE) {
                state = c == 'u' ? UNICODE_ESCAPE : TEXT; // any other escaped character is plain text
                hexDigits = 0;
                escaped = 0;
                return NONE;
            }
            if (state == UNICODE_ESCAPE) {
                int digit = hexValue(c);
                if (digit >= 0) {
                    escaped = escaped * 16 + digit;
                    if (++hexDigits < 4) {
                        return NONE;
                    }
                    state = TEXT;
                    return refusedAnywhere(escaped) ? escaped : NONE;
                }
                state = TEXT; // not an escape after all (Jackson refuses the document): read c as text
            }
            if (c == '\\') {
                state = ESCAPE;
            } else if (c1Lead) {
                state = C1_LEAD;
            }
            return NONE;
        }

        private static int hexValue(int c) {
            if (c >= '0' && c <= '9') {
                return c - '0';
            }
            int lower = c | 0x20;
            return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
        }

        private static boolean refusedAnywhere(int c) {
            return Character.isISOControl(c) && !ControlCharacters.isFreeTextBreak(c);
        }
    }

    private static final class Decorator extends InputDecorator {
        @Override
        public InputStream decorate(IOContext context, InputStream in) {
            return new ScannedInputStream(in);
        }

        @Override
        public InputStream decorate(IOContext context, byte[] source, int offset, int length) {
            return new ScannedInputStream(new ByteArrayInputStream(source, offset, length));
        }

        @Override
        public Reader decorate(IOContext context, Reader reader) {
            return new ScannedReader(reader);
        }
    }

    private static final class ScannedInputStream extends FilterInputStream {
        private final Scanner scanner = new Scanner();

        ScannedInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                refuse(scanner.nextByte(b));
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            for (int i = offset; i < offset + read; i++) {
                refuse(scanner.nextByte(buffer[i] & 0xFF));
            }
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            return Math.max(0, read(new byte[(int) Math.min(n, 8192)])); // never past unscanned bytes
        }
    }

    private static final class ScannedReader extends FilterReader {
        private final Scanner scanner = new Scanner();

        ScannedReader(Reader in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                refuse(scanner.nextChar((char) c));
            }
            return c;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            for (int i = offset; i < offset + read; i++) {
                refuse(scanner.nextChar(buffer[i]));
            }
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            return Math.max(0, read(new char[(int) Math.min(n, 8192)]));
        }
    }

    private static void refuse(int refused) throws RefusedControlCharacter {
        if (refused >= 0) {
            throw new RefusedControlCharacter(refused);
        }
    }
}
