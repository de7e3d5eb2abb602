package dev.mosaic.auth.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The token endpoint answers errors in the format of RFC 6749 §5.2, not as problem+json: OAuth
 * client libraries (the coordinator's among them) parse exactly this shape.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OAuthError(String error, @JsonProperty("error_description") String errorDescription) {
}
