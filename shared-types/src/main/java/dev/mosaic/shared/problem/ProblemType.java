package dev.mosaic.shared.problem;

import java.net.URI;

/** Every kind of problem the services answer with; clients switch on {@link #uri()}. */
public enum ProblemType {
    MALFORMED_REQUEST(400, "Malformed request"),
    VALIDATION_FAILED(400, "Validation failed"),
    UNAUTHORIZED(401, "Authentication required"),
    FORBIDDEN(403, "Forbidden"),
    /** The password was right, but the account's address is not confirmed yet: open the mailed link first. */
    EMAIL_NOT_VERIFIED(403, "Email not verified"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    CONFLICT(409, "Conflict"),
    INVALID_TRANSITION(409, "Invalid status transition"),
    CONCURRENT_UPDATE(409, "Concurrent update"),
    LEASE_LOST(409, "Lease lost"),
    PRECONDITION_FAILED(412, "Precondition failed"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED(422, "Idempotency key reused"),
    TOO_MANY_REQUESTS(429, "Too many requests"),
    INTERNAL_ERROR(500, "Internal server error"),
    SERVICE_UNAVAILABLE(503, "Service unavailable");

    private final int status;
    private final String title;

    ProblemType(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public URI uri() {
        return URI.create("urn:mosaic:problem:" + name().toLowerCase().replace('_', '-'));
    }

    /** The generic type for an HTTP status that has no more specific problem. */
    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status && type != VALIDATION_FAILED && type != EMAIL_NOT_VERIFIED && type != INVALID_TRANSITION
                    && type != CONCURRENT_UPDATE && type != LEASE_LOST && type != IDEMPOTENCY_KEY_REUSED) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL_ERROR : MALFORMED_REQUEST;
    }
}
