package dev.mosaic.shared.http;

/**
 * Which control characters a client may send where. Control characters are C0 (U+0000–U+001F), DEL
 * (U+007F) and C1 (U+0080–U+009F): {@link Character#isISOControl}.
 * <ul>
 * <li>Nowhere: NUL (PostgreSQL's text and jsonb refuse it) and every control character other than
 * tab, line feed and carriage return.</li>
 * <li>Only inside free-text JSON strings (a failure message, a cancel reason, a payload): tab, line feed,
 * carriage return, so that multi-line text keeps its lines.</li>
 * <li>Never in the URL, a header (tab excepted, which HTTP allows as white space), a form field, or a
 * single-line JSON field: identifiers, emails, names, steps ({@link #SINGLE_LINE}).</li>
 * </ul>
 * User input that reaches a log line goes through {@link #quoted}, so even allowed line breaks cannot
 * forge a log line.
 */
public final class ControlCharacters {
    /** Bean Validation pattern of a single-line field: no control character at all. */
    public static final String SINGLE_LINE = "[^\\p{Cntrl}\\u0080-\\u009F]*";
    public static final String SINGLE_LINE_RULE = "must not contain control characters such as line breaks";

    private ControlCharacters() {
    }

    /** Allowed in free text only: tab, line feed, carriage return. */
    public static boolean isFreeTextBreak(int c) {
        return c == '\t' || c == '\n' || c == '\r';
    }

    /** The first control character in {@code text}, or -1. */
    public static int firstIn(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return text.charAt(i);
            }
        }
        return -1;
    }

    /** {@code U+000A}, {@code U+0000 (NUL)}: how a refusal names the character without writing it. */
    public static String name(int c) {
        return String.format("U+%04X", c) + (c == 0 ? " (NUL)" : "");
    }

    /** Why a request is refused: where the character was, which one it is, what to do. */
    public static String refusal(String where, int c) {
        return where + " contains the control character " + name(c) + ", which it may not carry. Remove it.";
    }

    /**
     * {@code text} in double quotes, with backslash, quote and every control character escaped
     * ({@code \n}, {@code \r}, {@code \t}, {@code \u0000}): one log line stays one line, and a
     * client cannot make up the next.
     */
    public static String quoted(Object text) {
        if (text == null) {
            return "null";
        }
        String value = text.toString();
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
