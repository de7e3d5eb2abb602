package dev.mosaic.deploy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends thousands of requests, generated from a service's real endpoints and then spoiled, with a few in
 * flight at once, and fails on any answer a client should never get: a 5xx, no answer, or a 4xx that is
 * not {@code application/problem+json} (an OAuth endpoint answers RFC 6749 JSON {@code {"error": ...}}).
 *
 * <p>Every request comes from one seeded {@link Random}, all generated before the first is sent, so a seed
 * names exactly the same requests whatever order the answers arrive in. The seed is fixed unless the
 * system property {@code fuzz.seed} gives a number or {@code random}; it is printed, and a failure lists
 * each offending request in full (method, URI, headers, body) together with the seed that replays it.
 * Each sender has its own client, and a failure also names the request that sender sent just before:
 * an unanswered request is often the victim of the one before it on the same connection (a {@code HEAD}
 * of an event stream that never ended held the connection, found this way).
 *
 * <p>Headers stay far below Vert.x's limit (beyond it Vert.x answers a bare 431 before any application code
 * runs), and bodies below 1 MiB (beyond it a 413 problem); both are pinned by {@link ServiceFoundationContract}
 * with {@link RawHttp}. Header values are
 * Latin-1 without control characters, because {@link HttpClient} cannot send others; the raw-socket tests
 * ({@code HostileInputTest}) cover those.
 */
public final class HttpFuzzer {
    public static final long DEFAULT_SEED = 14;
    public static final String JSON = "application/json";
    public static final String FORM = "application/x-www-form-urlencoded";
    private static final int IN_FLIGHT = 8;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int FAILURES_SHOWN = 10;
    private static final String[] ODD_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS",
        "TRACE", "PROPFIND", "BREW", "get", "M-SEARCH"};
    private static final String[] ODD_CONTENT_TYPES = {"text/plain", "application/xml", "application/json; charset=utf-16",
        FORM, JSON, "multipart/form-data; boundary=x", "application/json;;;", "garbage", "*/*", "application/problem+json"};
    private static final String[] ODD_SEGMENTS = {"not-a-uuid", "123", "00000000-0000-0000-0000-000000000000",
        "%C3%A9t%C3%A9", "%E6%BC%A2%F0%9F%98%80", "..%2F..%2Fetc%2Fpasswd", "%00", "%0d%0aX-Injected:%201", "%20",
        "%25", "'%20OR%201=1%20--", "a".repeat(300), "ffffffff-ffff-ffff-ffff-ffffffffffffff", "%7Bid%7D", "null", "-1"};
    private static final String[] QUERY_NAMES = {"workspace", "status", "type", "limit", "cursor", "since", "token",
        "callbackURL", "grant_type"};
    private static final String[] ODD_HEADER_VALUES = {"", " ", "*", "W/\"1\"", "\"1\"", "\"abc\"", "1",
        "99999999999999999999", "-1", "\u00e9t\u00e9", "x".repeat(2000), "\"", "a, b, c", "null"};

    private final URI base;
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final Map<String, List<String>> onlyValidHeaders = new LinkedHashMap<>();
    private final List<String> oauthPaths = new ArrayList<>();

    /** One route of the service under test: {@code {id}} in the path stands for an identifier. */
    public record Endpoint(String method, String path, String contentType, Object body) {
    }

    /** A request as sent, written out so that it can be replayed by hand. */
    public record FuzzRequest(int index, String method, String uri, List<String[]> headers, String body) {
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("#").append(index).append(' ').append(method).append(' ').append(uri);
            for (String[] header : headers) {
                text.append("\n    ").append(header[0]).append(": ").append(header[1]);
            }
            if (body != null) {
                text.append("\n    body (").append(body.length()).append(" chars): ")
                        .append(body.length() <= 4000 ? body : shorten(body) + " (the seed regenerates it whole)");
            }
            return text.toString();
        }
    }

    private HttpFuzzer(URI base) {
        this.base = base;
    }

    public static HttpFuzzer against(URI base) {
        return new HttpFuzzer(base);
    }

    /** A route without a body. */
    public HttpFuzzer endpoint(String method, String path) {
        return endpoint(method, path, null, null);
    }

    /**
     * A route and a valid body for it: for {@link #JSON} a tree of maps, lists, strings, numbers, booleans
     * and nulls (a DTO converted with Jackson); for {@link #FORM} the encoded form.
     */
    public HttpFuzzer endpoint(String method, String path, String contentType, Object body) {
        endpoints.add(new Endpoint(method, path, contentType, body));
        return this;
    }

    /** Real identifiers for {@code {id}}: existing jobs, clients, providers. */
    public HttpFuzzer ids(List<String> values) {
        ids.addAll(values);
        return this;
    }

    /** Valid {@code Authorization} values (real tokens); invalid ones are made from them. */
    public HttpFuzzer authorizations(List<String> values) {
        authorizations.addAll(values);
        return this;
    }

    /** Valid values of a header the service reads (a lease, an {@code If-Match}); odd ones are added. */
    public HttpFuzzer header(String name, List<String> validValues) {
        headers.put(name, List.copyOf(validValues));
        return this;
    }

    /**
     * A header sent on every request, with one of the valid values. For {@code X-Forwarded-For} from a
     * trusted proxy: the fuzz load then spreads over those client addresses instead of using up the rate
     * limits of the tests' own address (which later tests of the same service need); an empty or malformed
     * value from the trusted proxy is a 400 problem before any endpoint runs (auth-service's
     * {@code ForwardedHeadersTest}), so generating it would only keep the load from the endpoints.
     */
    public HttpFuzzer onlyValidHeader(String name, List<String> validValues) {
        onlyValidHeaders.put(name, List.copyOf(validValues));
        return this;
    }

    /** A path whose errors are RFC 6749 JSON ({@code {"error": ...}}) instead of problem+json. */
    public HttpFuzzer oauthErrors(String path) {
        oauthPaths.add(path);
        return this;
    }

    /** The seed of this run: {@code -Dfuzz.seed=<n>}, {@code -Dfuzz.seed=random}, or {@link #DEFAULT_SEED}. */
    public static long seed() {
        String property = System.getProperty("fuzz.seed", "");
        if (property.isBlank()) {
            return DEFAULT_SEED;
        }
        return property.equals("random") ? new SecureRandom().nextLong() : Long.parseLong(property.trim());
    }

    /** Generates and sends {@code count} requests; throws an {@link AssertionError} listing the bad answers. */
    public void run(int count) throws InterruptedException {
        long seed = seed();
        System.out.printf("HttpFuzzer: %d requests to %s, seed %d (replay with -Dfuzz.seed=%d)%n", count, base, seed, seed);
        Random random = new Random(seed);
        List<FuzzRequest> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            requests.add(generate(i, random));
        }
        Map<String, AtomicInteger> statuses = Collections.synchronizedMap(new TreeMap<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        ThreadLocal<HttpClient> clients = ThreadLocal.withInitial(() -> HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build());
        ThreadLocal<FuzzRequest> previous = new ThreadLocal<>();
        ExecutorService senders = Executors.newFixedThreadPool(IN_FLIGHT);
        long started = System.nanoTime();
        try {
            List<Future<?>> sent = new ArrayList<>(count);
            for (FuzzRequest request : requests) {
                sent.add(senders.submit(() -> {
                    String outcome;
                    try {
                        outcome = send(clients.get(), request);
                    } catch (RuntimeException e) {
                        outcome = "--- could not be sent: " + e;
                    }
                    statuses.computeIfAbsent(outcome.substring(0, 3), key -> new AtomicInteger()).incrementAndGet();
                    if (outcome.length() > 3) {
                        failures.add(outcome.substring(4) + "\n  " + request
                                + (previous.get() == null ? "" : "\n  after, on the same client:\n  " + previous.get()));
                    }
                    previous.set(request);
                }));
            }
            for (Future<?> future : sent) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add("the sender itself failed: " + e.getCause());
                }
            }
        } finally {
            senders.shutdownNow();
            senders.awaitTermination(10, TimeUnit.SECONDS);
        }
        System.out.printf("HttpFuzzer: %d requests in %d ms, answers %s%n", count,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), statuses);
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " of " + count + " requests got a bad answer (seed " + seed
                    + ", replay with -Dfuzz.seed=" + seed + "); the first:\n"
                    + String.join("\n", failures.subList(0, Math.min(FAILURES_SHOWN, failures.size()))));
        }
    }

    /** The status as three characters, followed by a space and what is wrong with the answer, if anything. */
    private String send(HttpClient client, FuzzRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(request.uri())).timeout(TIMEOUT)
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(request.body()));
        for (String[] header : request.headers()) {
            builder.header(header[0], header[1]);
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            return "--- unanswered: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "--- interrupted";
        }
        int status = response.statusCode();
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        String body;
        try (InputStream in = response.body()) {
            // An event stream that was opened stays open: its headers are the answer.
            body = contentType.startsWith("text/event-stream") ? ""
                    : new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return status + " body unreadable: " + e;
        }
        if (status >= 500) {
            return status + " a " + status + " answer: " + shorten(body);
        }
        if (status >= 400 && !"HEAD".equals(request.method())) {
            String path = URI.create(request.uri()).getRawPath();
            boolean oauth = oauthPaths.stream().anyMatch(oauthPath -> path.equals(oauthPath) || path.equals(oauthPath + "/"));
            boolean problem = contentType.startsWith("application/problem+json") && body.contains("\"status\":" + status);
            // What the framework refuses before the OAuth endpoint runs (a 404, 405, 406, an unreadable
            // Content-Type) is a problem there too; what the endpoint refuses is RFC 6749 JSON.
            boolean wellFormed = problem
                    || oauth && contentType.startsWith("application/json") && body.contains("\"error\"");
            if (!wellFormed) {
                return status + " a " + status + " that is not " + (oauth ? "RFC 6749 JSON nor problem+json" : "problem+json")
                        + " (Content-Type '" + contentType + "'): " + shorten(body);
            }
        }
        return Integer.toString(status);
    }

    private FuzzRequest generate(int index, Random random) {
        Endpoint endpoint = endpoints.get(random.nextInt(endpoints.size()));
        String method = random.nextInt(100) < 88 ? endpoint.method() : pick(random, ODD_METHODS);
        String uri = base.resolve(path(endpoint.path(), random) + query(random)).toString();
        List<String[]> headerList = new ArrayList<>();
        authorization(random, headerList);
        String contentType = endpoint.contentType() == null ? JSON : endpoint.contentType();
        int roll = random.nextInt(100);
        if (roll < 75) {
            headerList.add(new String[] {"Content-Type", contentType});
        } else if (roll < 92) {
            headerList.add(new String[] {"Content-Type", pick(random, ODD_CONTENT_TYPES)});
        }
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            int chance = random.nextInt(100);
            if (chance < 40 && !header.getValue().isEmpty()) {
                headerList.add(new String[] {header.getKey(), pick(random, header.getValue())});
            } else if (chance < 55) {
                headerList.add(new String[] {header.getKey(), pick(random, ODD_HEADER_VALUES)});
            }
        }
        for (Map.Entry<String, List<String>> header : onlyValidHeaders.entrySet()) {
            headerList.add(new String[] {header.getKey(), pick(random, header.getValue())});
        }
        if (random.nextInt(100) < 15) {
            headerList.add(new String[] {"Idempotency-Key", random.nextBoolean() ? new UUID(random.nextLong(), random.nextLong()).toString()
                    : pick(random, ODD_HEADER_VALUES)});
        }
        if (random.nextInt(100) < 10) {
            headerList.add(new String[] {"If-Match", pick(random, ODD_HEADER_VALUES)});
        }
        if (random.nextInt(100) < 5) {
            headerList.add(new String[] {"Accept", pick(random, new String[] {"text/html", "application/xml",
                "text/event-stream", "*/*;q=0", "application/problem+json"})});
        }
        String body = body(endpoint, random);
        return new FuzzRequest(index, method, uri, headerList, body);
    }

    private String path(String template, Random random) {
        String path = template;
        while (path.contains("{id}")) {
            int roll = random.nextInt(100);
            String segment = roll < 50 && !ids.isEmpty() ? pick(random, ids)
                    : roll < 70 ? new UUID(random.nextLong(), random.nextLong()).toString()
                    : roll < 75 && !ids.isEmpty() ? pick(random, ids).toUpperCase()
                    : pick(random, ODD_SEGMENTS);
            path = path.replaceFirst("\\{id}", java.util.regex.Matcher.quoteReplacement(segment));
        }
        int roll = random.nextInt(100);
        return roll < 3 ? path + "/" : roll < 6 ? path + "/extra" : roll < 8 ? path + "/%2e%2e" : path;
    }

    private String query(Random random) {
        if (random.nextInt(100) >= 25) {
            return "";
        }
        String value = pick(random, new String[] {"", "-1", "0", "101", "99999999999999999999", "PENDING", "BOGUS",
            "%00", "%C3%A9", new UUID(random.nextLong(), random.nextLong()).toString(), "http://evil.example/",
            "a%20b", "%ff%fe", "x".repeat(500)});
        String query = "?" + pick(random, QUERY_NAMES) + "=" + value;
        return random.nextInt(4) == 0 ? query + "&" + pick(random, QUERY_NAMES) + "=" + value : query;
    }

    private void authorization(Random random, List<String[]> headerList) {
        int roll = random.nextInt(100);
        String valid = authorizations.isEmpty() ? "Bearer none" : pick(random, authorizations);
        String token = valid.substring(valid.indexOf(' ') + 1);
        if (roll < 12) {
            return;
        }
        String value;
        if (roll < 60) {
            value = valid;
        } else if (roll < 64) {
            headerList.add(new String[] {"Authorization", valid});
            value = pick(random, authorizations.isEmpty() ? List.of("Bearer x") : authorizations);
        } else {
            value = pick(random, new String[] {
                "Bearer " + token.substring(0, token.length() / 2),
                "Bearer " + token + "x",
                "Bearer " + token.replace('A', 'B'),
                "bearer " + token,
                "Bearer",
                "Bearer  " + token,
                token,
                "Basic " + token,
                "Basic !!!notbase64",
                "Basic " + java.util.Base64.getEncoder().encodeToString("coordinator:wrong".getBytes(StandardCharsets.UTF_8)),
                "Basic " + java.util.Base64.getEncoder().encodeToString(":".getBytes(StandardCharsets.UTF_8)),
                "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
                "Bearer a.b.c",
                "Bearer " + "A".repeat(4000),
                "Digest username=\"x\"",
                "Bearer \u00e9t\u00e9",
            });
        }
        headerList.add(new String[] {"Authorization", value});
    }

    private String body(Endpoint endpoint, Random random) {
        int roll = random.nextInt(100);
        if (endpoint.body() == null) {
            return roll < 85 ? null : roll < 92 ? "{}" : roll < 96 ? "{\"a\":" : "garbage";
        }
        if (FORM.equals(endpoint.contentType())) {
            return formBody((String) endpoint.body(), random);
        }
        if (roll < 35) {
            return json(endpoint.body());
        }
        if (roll < 60) {
            return json(mutate(endpoint.body(), random));
        }
        if (roll < 67) {
            String whole = json(endpoint.body());
            return whole.substring(0, random.nextInt(whole.length()));
        }
        if (roll < 70) {
            return "";
        }
        if (roll < 75) {
            int depth = 500 + random.nextInt(5000);
            return random.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth)
                    : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        }
        if (roll < 80) {
            return pick(random, new String[] {"[]", "null", "42", "\"text\"", "true", "[{}]", "{\"a\":1}{\"b\":2}",
                "NaN", "{'single':'quotes'}", "\u00ef\u00bb\u00bf{}", "{\"a\":1,}", "{\"a\" 1}"});
        }
        if (roll < 82) {
            return "{\"big\":\"" + "x".repeat(random.nextBoolean() ? 100_000 : 1_500_000) + "\"}";
        }
        if (roll < 85) {
            return FORM.equals(endpoint.contentType()) ? json(endpoint.body()) : "type=render&priority=1";
        }
        return json(mutateAll(endpoint.body(), random));
    }

    private String formBody(String valid, Random random) {
        int roll = random.nextInt(100);
        if (roll < 30) {
            return valid;
        }
        String[] fields = valid.split("&");
        String field = pick(random, fields);
        String name = field.substring(0, field.indexOf('='));
        return switch (roll % 12) {
            case 0 -> valid.replace(field, "");
            case 1 -> valid + "&" + field;
            case 2 -> valid.replace(field, name + "=%zz");
            case 3 -> valid.replace(field, name + "=" + "s".repeat(100_000));
            case 4 -> valid.replace(field, name + "=a%00b");
            case 5 -> valid.replace(field, name + "=%C3%A9%E6%BC%A2");
            case 6 -> valid.substring(0, random.nextInt(valid.length()));
            case 7 -> "{\"grant_type\":\"client_credentials\"}";
            case 8 -> valid.replace(field, name);
            case 9 -> "&&&==&" + valid;
            case 10 -> valid.replace(field, name + "=%");
            default -> "";
        };
    }

    /** The tree with one value changed somewhere, or a field removed or added. */
    private Object mutate(Object value, Random random) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put((String) key, item));
            List<String> keys = new ArrayList<>(copy.keySet());
            String key = pick(random, keys);
            int roll = random.nextInt(10);
            if (roll == 0) {
                copy.remove(key);
            } else if (roll == 1) {
                copy.put(oddString(random), oddValue(random));
            } else {
                copy.put(key, roll < 4 ? mutate(copy.get(key), random) : oddValue(random));
            }
            return copy;
        }
        if (value instanceof List<?> list && !list.isEmpty()) {
            List<Object> copy = new ArrayList<>(list);
            int at = random.nextInt(copy.size());
            copy.set(at, mutate(copy.get(at), random));
            return copy;
        }
        return oddValue(random);
    }

    /** Every value of the tree replaced by an odd one of the same or another type. */
    private Object mutateAll(Object value, Random random) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put((String) key, mutateAll(item, random)));
            return copy;
        }
        return oddValue(random);
    }

    private Object oddValue(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> new RawJson(pick(random, new String[] {"1e400", "-1e400", "99999999999999999999999999",
                "2147483648", "-2147483649", "1.5", "-0", "0.0000000000000000000001", "9223372036854775808"}));
            case 1 -> -1;
            case 2 -> List.of(oddString(random), 1);
            case 3 -> Map.of("nested", oddString(random));
            case 4 -> random.nextBoolean();
            case 5 -> null;
            case 6 -> "";
            case 7 -> "x".repeat(random.nextInt(20_000));
            case 8 -> 101;
            default -> oddString(random);
        };
    }

    private static String oddString(Random random) {
        return pick(random, new String[] {"\u00e9t\u00e9 \u6f22\u5b57 \ud83d\ude00", "\u202egnp.exe", "zero\u200bwidth",
            "nul\u0000here", "esc\u001b[2J", "bell\u0007", "line\r\nbreak", "tab\tchar", "\ud800", "\ufffe",
            "PENDING", "RUNNING", "COMPLETED", "admin", "coordinator", "<script>alert(1)</script>", "' OR 1=1 --",
            "a@b", "user@mosaic.test", "   ", "null"});
    }

    /** A literal written into the JSON as it is, for numbers no Java number can hold. */
    private record RawJson(String text) {
    }

    static String json(Object value) {
        StringBuilder out = new StringBuilder();
        writeJson(value, out);
        return out.toString();
    }

    private static void writeJson(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof RawJson raw) {
            out.append(raw.text());
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                writeJson(String.valueOf(entry.getKey()), out);
                out.append(':');
                writeJson(entry.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof Iterable<?> items) {
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                out.append(first ? "" : ",");
                first = false;
                writeJson(item, out);
            }
            out.append(']');
        } else {
            out.append('"');
            for (char c : value.toString().toCharArray()) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            out.append('"');
        }
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String shorten(String text) {
        return text.length() <= 600 ? text : text.substring(0, 600) + "… (" + text.length() + " chars)";
    }
}
