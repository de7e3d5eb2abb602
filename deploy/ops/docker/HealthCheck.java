import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The containers' health probe: {@code healthcheck http://localhost:8081/q/health/ready} exits 0 when
 * the URL answers 200, else 1. The native runtime image (ubi9 micro) has neither curl nor a shell, so
 * Dockerfile.native compiles this with the same Mandrel into a small native executable. Plain HTTP/1.0
 * over a socket: nothing else to link in.
 */
public final class HealthCheck {
    public static void main(String[] args) {
        try {
            URI uri = URI.create(args.length > 0 ? args[0] : "http://localhost:8080/q/health/ready");
            int port = uri.getPort() > 0 ? uri.getPort() : 80;
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), port), 2000);
                socket.setSoTimeout(3000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + path + " HTTP/1.0\r\nHost: " + uri.getHost() + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] head = in.readNBytes(12); // "HTTP/1.1 200"
                String status = new String(head, StandardCharsets.US_ASCII);
                System.exit(status.length() == 12 && status.endsWith(" 200") ? 0 : 1);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("healthcheck: " + e.getMessage());
            System.exit(1);
        }
    }
}
