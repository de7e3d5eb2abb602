package dev.mosaic.deploy.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP/1.1 exchange written byte by byte, for what a client library will not send (empty or malformed
 * headers, bodies over the limit, chunked or not) and from a chosen local address (127.0.0.1 is the tests'
 * trusted proxy, 127.0.0.2 a direct client). The body is written by another thread while the answer is read,
 * so an answer that comes before the body is all sent (a refusal, then the connection closed) is still read.
 * No answer within {@link #ANSWER_TIMEOUT_MS} fails the test: nothing a client sends may leave it hanging.
 * Whether the server closed the connection after its answer is learnt by waiting for that long too; a test
 * that does not ask sends {@code Connection: close} and waits for nothing.
 */
public final class RawHttp {
    public static final int ANSWER_TIMEOUT_MS = 5_000;
    private static final int CHUNK = 64 * 1024;

    /** The answer: status, headers (names in lower case), body, and whether the server closed the connection after it. */
    public record Answer(String statusLine, int status, Map<String, String> headers, String body, boolean closed) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    /** {@code head}: the request line and header lines, without the blank line that ends them. No body. */
    public static Answer exchange(String localAddress, int port, String head) throws IOException {
        return exchange(localAddress, port, head, new byte[0], false);
    }

    /** Sends {@code head}, then {@code bodyBytes} spaces as the body (see {@link #exchange(String, int, String, byte[], boolean)}). */
    public static Answer exchange(String localAddress, int port, String head, long bodyBytes, boolean chunked)
            throws IOException {
        return exchange(localAddress, port, head, spaces(bodyBytes), chunked);
    }

    /** Sends {@code head}, then {@code body}: chunked, or with the Content-Length that {@code head} must then declare itself. */
    public static Answer exchange(String localAddress, int port, String head, byte[] body, boolean chunked)
            throws IOException {
        return exchange(localAddress, port, head, body, chunked, true);
    }

    /**
     * Like {@link #exchange(String, int, String, long, boolean)}, but as a simple client does: the whole body is
     * written before the answer is read, and failing to write it fails the test. A server that refuses the body
     * must still read it to its end, or the kernel resets the connection and the client never sees the refusal.
     */
    public static Answer sendWholeBodyThenRead(String localAddress, int port, String head, long bodyBytes,
            boolean chunked) throws IOException {
        return exchange(localAddress, port, head, spaces(bodyBytes), chunked, false);
    }

    private static byte[] spaces(long count) {
        byte[] spaces = new byte[Math.toIntExact(count)];
        Arrays.fill(spaces, (byte) ' ');
        return spaces;
    }

    private static Answer exchange(String localAddress, int port, String head, byte[] body, boolean chunked,
            boolean readWhileWriting) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), ANSWER_TIMEOUT_MS);
            socket.setSoTimeout(ANSWER_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\n" + (chunked ? "Transfer-Encoding: chunked\r\n" : "") + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            if (!readWhileWriting) {
                writeBody(out, body, chunked);
                return read(socket.getInputStream());
            }
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    writeBody(out, body, chunked);
                } catch (IOException refusedBeforeTheEnd) {
                    // the server answered and closed before the whole body was sent: the answer is what counts
                }
            });
            Answer answer = read(socket.getInputStream());
            writing.cancel(false);
            return answer;
        }
    }

    private static void writeBody(OutputStream out, byte[] body, boolean chunked) throws IOException {
        for (int sent = 0; sent < body.length; sent += CHUNK) {
            int length = Math.min(CHUNK, body.length - sent);
            if (chunked) {
                out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.write(body, sent, length);
            if (chunked) {
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }
        if (chunked) {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int headEnd;
        try {
            while ((headEnd = indexOfBlankLine(received.toByteArray())) < 0) {
                int next = in.read();
                if (next < 0) {
                    throw new AssertionError("the connection was closed without an answer; received: " + received);
                }
                received.write(next);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + ANSWER_TIMEOUT_MS + " ms; received: " + received, e);
        }
        String[] lines = received.toString(StandardCharsets.ISO_8859_1).substring(0, headEnd).split("\r\n");
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        boolean closed;
        try {
            closed = in.read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            closed = false;
        } catch (IOException reset) {
            closed = true;
        }
        return new Answer(lines[0], Integer.parseInt(lines[0].split(" ")[1]), headers,
                new String(body, StandardCharsets.UTF_8), closed);
    }

    private static int indexOfBlankLine(byte[] bytes) {
        int n = bytes.length;
        return n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n'
                ? n - 4 : -1;
    }
}
