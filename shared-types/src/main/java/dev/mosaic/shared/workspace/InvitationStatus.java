package dev.mosaic.shared.workspace;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where an invitation stands; {@code expired} is a pending one past its {@code expiresAt}. */
public enum InvitationStatus {
    @JsonProperty("pending") PENDING,
    @JsonProperty("accepted") ACCEPTED,
    @JsonProperty("revoked") REVOKED,
    @JsonProperty("expired") EXPIRED
}
