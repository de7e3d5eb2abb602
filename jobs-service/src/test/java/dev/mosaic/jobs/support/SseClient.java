package dev.mosaic.jobs.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real server-sent events reader, as the console reads a stream with {@code fetch}: the token in the
 * {@code Authorization} header, the resume point in {@code Last-Event-ID}, the body read line by line.
 * It hands over one message at a time and reads no further until the test takes it, so a test that
 * stops taking messages is a reader that stops reading (TCP pushes back to the server).
 */
public final class SseClient implements AutoCloseable {
    /** One message: an event ({@code event}, {@code id}, {@code data}), a comment, or the end of the stream. */
    public record Message(String event, String id, String data, String comment) {
        static final Message END = new Message(null, null, null, null);

        public boolean isComment() {
            return comment != null;
        }

        public boolean isEnd() {
            return this == END;
        }

        public long idAsLong() {
            return Long.parseLong(id);
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public final int status;
    public final String contentType;
    /** Its {@code Retry-After}, or null: when to try again after a refusal. */
    public final String retryAfter;
    /** The whole body when the server did not start a stream (an error as problem+json). */
    public final String errorBody;
    private final InputStream body;
    private final BlockingQueue<Message> messages = new ArrayBlockingQueue<>(1);
    private final Thread reader;

    private SseClient(HttpResponse<InputStream> response) throws IOException {
        status = response.statusCode();
        contentType = response.headers().firstValue("Content-Type").orElse("");
        retryAfter = response.headers().firstValue("Retry-After").orElse(null);
        body = response.body();
        if (status != 200) {
            errorBody = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            reader = null;
            return;
        }
        errorBody = null;
        reader = new Thread(this::read, "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code baseUrl + path} with {@code token} (none when null) and {@code lastEventId} (none when null). */
    public static SseClient open(String baseUrl, String path, String token, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Accept", "text/event-stream").GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            return new SseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException("Could not open " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static SseClient open(String path, String token, String lastEventId) {
        return open(ConcurrentCalls.baseUrl(), path, token, lastEventId);
    }

    /** The next message (an event, a comment, or the end), waiting up to {@code timeout}. */
    public Message next(Duration timeout) {
        try {
            Message message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("No message within " + timeout);
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next event within {@code timeout}, skipping comments (which do not extend it); the end of the stream fails. */
    public Message nextEvent(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Message message = next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (message.isEnd()) {
                throw new AssertionError("The stream ended while an event was expected");
            }
            if (!message.isComment()) {
                return message;
            }
        }
    }

    /** Events (comments skipped) up to and including the first that {@code last} accepts. */
    public List<Message> eventsUntil(Predicate<Message> last, Duration timeout) {
        List<Message> events = new ArrayList<>();
        while (true) {
            Message event = nextEvent(timeout);
            events.add(event);
            if (last.test(event)) {
                return events;
            }
        }
    }

    /** The next event if one arrives within {@code window} (comments skipped), else null. */
    public Message eventWithin(Duration window) {
        long deadline = System.nanoTime() + window.toNanos();
        try {
            while (true) {
                Message message = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (message == null || !message.isComment()) {
                    return message;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String event = null;
            String id = null;
            StringBuilder data = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null || event != null || id != null) {
                        messages.put(new Message(event, id, data == null ? null : data.toString(), null));
                    }
                    event = null;
                    id = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    messages.put(new Message(null, null, null, line.substring(1).strip()));
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "event" -> event = value;
                        case "id" -> id = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> {
                            // retry and unknown fields: not used by Mosaic
                        }
                    }
                }
            }
            messages.put(Message.END);
        } catch (IOException closed) {
            messages.offer(Message.END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        if (reader != null) {
            reader.interrupt();
        }
    }
}
