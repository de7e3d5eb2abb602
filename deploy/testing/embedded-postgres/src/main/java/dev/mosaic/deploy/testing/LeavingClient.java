package dev.mosaic.deploy.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A client that sends one request and leaves before the answer, as a client that timed out or a closed browser tab
 * does. {@link #leave()} returns once the server has seen the connection end (Linux: its socket is gone from
 * {@code /proc/net/tcp}), so that what the server does next is what it does for a client that left.
 */
public final class LeavingClient {
    private static final List<Path> SOCKET_TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    /** The server's end of a connection in these states is still open: established, or the peer closed (CLOSE_WAIT). */
    private static final List<String> OPEN_STATES = List.of("01", "08");

    private final Socket socket;
    private final int serverPort;

    private LeavingClient(Socket socket, int serverPort) {
        this.socket = socket;
        this.serverPort = serverPort;
    }

    /** Sends {@code POST path} with a JSON body and does not wait for the answer. */
    public static LeavingClient post(URI base, String path, Map<String, String> headers, String json)
            throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        return new LeavingClient(socket, base.getPort());
    }

    /** Closes the connection and waits until the server has closed its end too. */
    public void leave() throws IOException {
        int clientPort = socket.getLocalPort();
        socket.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !serverHoldsConnectionFrom(clientPort));
    }

    private boolean serverHoldsConnectionFrom(int clientPort) throws IOException {
        for (Path table : SOCKET_TABLES) {
            if (!Files.exists(table)) {
                continue;
            }
            for (String line : Files.readAllLines(table)) {
                // "  sl  local_address rem_address   st ...", addresses as HEXIP:HEXPORT
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && fields[1].contains(":") && port(fields[1]) == serverPort
                        && port(fields[2]) == clientPort && OPEN_STATES.contains(fields[3])) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1), 16);
    }
}
