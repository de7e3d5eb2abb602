package dev.mosaic.shared.auth;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An access JWT in the shape of RFC 6749 §5.1, for people ({@code GET /api/auth/token}) and machines alike. */
public record AccessTokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn) {

    public static AccessTokenResponse bearer(String accessToken, long expiresInSeconds) {
        return new AccessTokenResponse(accessToken, "Bearer", expiresInSeconds);
    }
}
