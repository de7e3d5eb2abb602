package dev.mosaic.shared.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemResponses;
import dev.mosaic.shared.problem.ProblemType;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Refuses a body over {@link #MAX_BODY_BYTES} with a 413 problem that says the limit, as a Vert.x route
 * handler that each service registers ahead of Quarkus' own limit (a route at order -2, which answers a bare
 * 413) and of the REST layer (whose reader answers a bare 413 for a chunked body over
 * {@code quarkus.http.limits.max-body-size}). A declared length is refused before a byte is read; a body
 * without one (chunked) is read here, up to the limit, and handed to the REST layer as the routing
 * context's body, which it reads instead of the connection (a service sets {@code quarkus.rest.input-buffer-size}
 * to at least this limit: a larger body handed over at once is lost on Quarkus REST's switch to blocking reads).
 * Either refusal closes the connection once the client has finished sending (or after {@link #LINGER_MILLIS}):
 * the rest of the body is read and dropped meanwhile, as nginx's lingering close does, because closing a socket
 * with unread bytes makes the kernel send a reset, and a client still writing its body then loses the 413 it has
 * already been sent.
 */
public class BodySizeLimit implements Handler<RoutingContext> {
    public static final long MAX_BODY_BYTES = 1024 * 1024;
    /** A Quarkus filter priority: after CORS (300), which adds its headers to this answer too; before order -2. */
    public static final int FILTER_PRIORITY = 100;
    /** How long a refused body is drained before the connection is closed anyway; bounds what a slow sender holds. */
    static final long LINGER_MILLIS = 2_000;

    private final ObjectMapper json;

    public BodySizeLimit(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        Long declared = declaredLength(request);
        if (declared != null) {
            if (declared > MAX_BODY_BYTES) {
                refuse(context, "The body has " + declared + " bytes; the limit is " + MAX_BODY_BYTES + " bytes (1 MiB).");
            } else {
                context.next();
            }
        } else if (request.isEnded() || !chunked(request)) {
            context.next();
        } else {
            readUpToLimit(context, request);
        }
    }

    private void readUpToLimit(RoutingContext context, HttpServerRequest request) {
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            context.response().writeContinue(); // as the REST layer would when it starts reading
        }
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + (long) chunk.length() > MAX_BODY_BYTES) {
                refused[0] = true;
                refuse(context, "The body has more than " + MAX_BODY_BYTES + " bytes, the limit (1 MiB).");
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(ended -> {
            if (!refused[0]) {
                context.setBody(body);
                context.next();
            }
        });
        request.resume();
    }

    /**
     * Whether an HTTP/1.x request without a Content-Length has a body at all: only when it is chunked. An HTTP/2
     * request without one is left to Quarkus' own limit (a bare 413): read to its end here, Quarkus REST refuses
     * it when it pauses the request ("Request has already been read"), a 500 for every such request, GETs
     * included, which is what the JDK's HttpClient sends after its h2c upgrade.
     */
    private static boolean chunked(HttpServerRequest request) {
        String encoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        return request.version() != HttpVersion.HTTP_2 && encoding != null
                && encoding.toLowerCase(Locale.ROOT).contains("chunked");
    }

    /** The Content-Length, or null when there is none (HTTP/1.1 chunked, HTTP/2) or it is no number (then read, and counted). */
    private static Long declaredLength(HttpServerRequest request) {
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            return null;
        }
        try {
            return Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Answers, then closes: Vert.x keeps a connection open after an answer to a request whose body it has not read. */
    private void refuse(RoutingContext context, String detail) {
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        ProblemResponses.end(context.response(), Problem.of(ProblemType.PAYLOAD_TOO_LARGE, detail)
                .with("limitBytes", MAX_BODY_BYTES), json).onComplete(sent -> drainThenClose(context));
    }

    private static void drainThenClose(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.isEnded()) {
            request.connection().close();
            return;
        }
        long deadline = context.vertx().setTimer(LINGER_MILLIS, expired -> request.connection().close());
        request.handler(dropped -> { });
        request.exceptionHandler(failed -> context.vertx().cancelTimer(deadline));
        request.endHandler(ended -> {
            context.vertx().cancelTimer(deadline);
            request.connection().close();
        });
        request.resume();
    }
}
