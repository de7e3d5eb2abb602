package dev.mosaic.shared.problem;

import java.net.URI;
import java.util.EnumSet;
import java.util.Set;

/** Every kind of problem the services answer with; clients switch on {@link #uri()}. */
public enum ProblemType {
    MALFORMED_REQUEST(400, "Malformed request"),
    VALIDATION_FAILED(400, "Validation failed"),
    UNAUTHORIZED(401, "Authentication required"),
    FORBIDDEN(403, "Forbidden"),
    /** The password was right, but the account's address is not confirmed yet: open the mailed link first. */
    EMAIL_NOT_VERIFIED(403, "Email not verified"),
    /** The invitation was made for another address than the signed-in person's. */
    INVITATION_FOR_ANOTHER_EMAIL(403, "Invitation for another email"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    CONFLICT(409, "Conflict"),
    INVALID_TRANSITION(409, "Invalid status transition"),
    CONCURRENT_UPDATE(409, "Concurrent update"),
    LEASE_LOST(409, "Lease lost"),
    /** The change would leave a team workspace without an owner: make another member owner first. */
    LAST_OWNER(409, "Last owner"),
    INVITATION_ALREADY_ACCEPTED(409, "Invitation already accepted"),
    INVITATION_EXPIRED(410, "Invitation expired"),
    INVITATION_REVOKED(410, "Invitation revoked"),
    PRECONDITION_FAILED(412, "Precondition failed"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED(422, "Idempotency key reused"),
    TOO_MANY_REQUESTS(429, "Too many requests"),
    /** The caller already holds as many live streams as one caller may: close one first. */
    TOO_MANY_STREAMS(429, "Too many streams"),
    INTERNAL_ERROR(500, "Internal server error"),
    SERVICE_UNAVAILABLE(503, "Service unavailable");

    /** Types that name one particular cause: never the generic answer for their status. */
    private static final Set<ProblemType> SPECIFIC = EnumSet.of(VALIDATION_FAILED, EMAIL_NOT_VERIFIED,
            INVITATION_FOR_ANOTHER_EMAIL, INVALID_TRANSITION, CONCURRENT_UPDATE, LEASE_LOST, LAST_OWNER,
            INVITATION_ALREADY_ACCEPTED, INVITATION_EXPIRED, INVITATION_REVOKED, IDEMPOTENCY_KEY_REUSED,
            TOO_MANY_STREAMS);

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
            if (type.status == status && !SPECIFIC.contains(type)) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL_ERROR : MALFORMED_REQUEST;
    }
}
