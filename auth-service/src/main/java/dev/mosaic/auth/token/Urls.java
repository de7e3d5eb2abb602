package dev.mosaic.auth.token;

/** URLs as operators configure them, with or without a trailing slash, made ready to have a path appended. */
public final class Urls {
    private Urls() {
    }

    /** {@code https://sso.example.com/realms/acme/} and {@code …/acme} alike become {@code …/acme}. */
    public static String withoutTrailingSlashes(String url) {
        int end = url.length();
        while (end > 0 && url.charAt(end - 1) == '/') {
            end--;
        }
        return url.substring(0, end);
    }
}
