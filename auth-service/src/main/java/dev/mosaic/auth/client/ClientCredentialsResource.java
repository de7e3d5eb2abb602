package dev.mosaic.auth.client;

import dev.mosaic.auth.openapi.AuthServiceApi;
import dev.mosaic.auth.token.AccessTokens;
import dev.mosaic.shared.auth.AccessTokenResponse;
import dev.mosaic.shared.http.ControlCharacters;
import dev.mosaic.shared.http.FormBody;
import dev.mosaic.shared.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.Cancellable;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The OAuth 2.0 token endpoint, client-credentials grant only (RFC 6749 §4.4). */
@Path("/api/auth/oauth2/token")
@Tag(name = AuthServiceApi.TOKENS)
@Cancellable(false)
public class ClientCredentialsResource {
    private static final String CLIENT_CREDENTIALS = "client_credentials";
    private static final String BASIC = "Basic ";
    private static final String GRANT_TYPE = "grant_type";
    private static final String CLIENT_ID = "client_id";
    private static final String CLIENT_SECRET = "client_secret";
    private static final int MAX_GRANT_TYPE_LENGTH = 64;
    /** Generous for configured ids; created ones have at most 63 characters. */
    private static final int MAX_CLIENT_ID_LENGTH = 255;
    /** Generated secrets have 43 characters, configured ones at least 32. */
    private static final int MAX_CLIENT_SECRET_LENGTH = 512;

    private final ServiceClients clients;
    private final AccessTokens accessTokens;

    ClientCredentialsResource(ServiceClients clients, AccessTokens accessTokens) {
        this.clients = clients;
        this.accessTokens = accessTokens;
    }

    private record Credentials(String clientId, String secret, boolean basic) {
    }

    /**
     * The form is read here rather than by {@code @FormParam}: the framework decodes a form only once the
     * body has ended, where an invalid escape ({@code %zz}) throws past every handler and the request is never
     * answered. {@link FormBody} refuses such a body with a 400 in this endpoint's format instead.
     */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "OAuth 2.0 token endpoint, client-credentials grant (RFC 6749 §4.4)",
            description = "Errors are in RFC 6749 §5.2's format, not problems, because OAuth clients parse that.")
    @SecurityRequirement(name = AuthServiceApi.CLIENT_CREDENTIALS)
    @APIResponse(responseCode = "200", description = "An access JWT with the client's roles")
    @APIResponse(responseCode = "400", description = "`invalid_request` or `unsupported_grant_type`",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthError.class)))
    @APIResponse(responseCode = "401", description = "`invalid_client`: unknown client or wrong secret",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthError.class)))
    public Uni<RestResponse<AccessTokenResponse>> token(@RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_FORM_URLENCODED, schema = @Schema(requiredProperties = "grant_type",
                    properties = {
                            @SchemaProperty(name = "grant_type", type = SchemaType.STRING,
                                    enumeration = CLIENT_CREDENTIALS),
                            @SchemaProperty(name = "client_id", type = SchemaType.STRING,
                                    description = "Instead of HTTP Basic, with client_secret"),
                            @SchemaProperty(name = "client_secret", type = SchemaType.STRING)})))
            byte[] body,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        TokenRequest request = TokenRequest.of(contentType, body);
        String grantType = request.single(GRANT_TYPE, MAX_GRANT_TYPE_LENGTH);
        if (grantType == null || grantType.isBlank()) {
            throw new OAuthErrorException(400, "invalid_request", "grant_type is required", false);
        }
        if (!CLIENT_CREDENTIALS.equals(grantType)) {
            throw new OAuthErrorException(400, "unsupported_grant_type",
                    "Only grant_type=client_credentials is supported here", false);
        }
        Credentials credentials = credentialsOf(authorization, request.single(CLIENT_ID, MAX_CLIENT_ID_LENGTH),
                request.single(CLIENT_SECRET, MAX_CLIENT_SECRET_LENGTH));
        return clients.authenticate(credentials.clientId(), credentials.secret()).chain(client -> {
            if (client == null) {
                throw new OAuthErrorException(401, "invalid_client", "Unknown client or wrong secret",
                        credentials.basic());
            }
            return accessTokens.mint(client);
        }).map(token -> RestResponse.ResponseBuilder.ok(token)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache").build());
    }

    private static Credentials credentialsOf(String authorization, String clientId, String clientSecret) {
        boolean hasBasic = authorization != null && authorization.regionMatches(true, 0, BASIC, 0, BASIC.length());
        boolean hasForm = clientId != null || clientSecret != null;
        if (hasBasic && hasForm) {
            throw new OAuthErrorException(400, "invalid_request",
                    "Send the client credentials either by HTTP Basic or in the form, not both", false);
        }
        if (hasBasic) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).strip()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new OAuthErrorException(401, "invalid_client", "The Basic credentials are not base64", true);
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new OAuthErrorException(401, "invalid_client", "Basic credentials must be client_id:client_secret",
                        true);
            }
            return new Credentials(basicPart(CLIENT_ID, decoded.substring(0, colon), MAX_CLIENT_ID_LENGTH),
                    basicPart(CLIENT_SECRET, decoded.substring(colon + 1), MAX_CLIENT_SECRET_LENGTH), true);
        }
        if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isEmpty()) {
            throw new OAuthErrorException(401, "invalid_client",
                    "Send client_id and client_secret by HTTP Basic or in the form", false);
        }
        return new Credentials(clientId, clientSecret, false);
    }

    /** RFC 6749 §2.3.1: Basic credentials are form-urlencoded before base64, so they obey the form's rules. */
    private static String basicPart(String name, String encoded, int maxLength) {
        try {
            return TokenRequest.checked(name, FormBody.decode(encoded), maxLength);
        } catch (FormBody.MalformedFormException e) {
            throw new OAuthErrorException(400, "invalid_request",
                    "The " + name + " of the Basic credentials is not form-encoded UTF-8: " + e.getMessage(), false);
        }
    }

    /** The parameters of a token request: a form, each parameter sent at most once (RFC 6749 §3.2). */
    private record TokenRequest(Map<String, List<String>> parameters) {
        static TokenRequest of(String contentType, byte[] body) {
            if (contentType == null || !MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(mediaType(contentType))) {
                throw new OAuthErrorException(400, "invalid_request",
                        "The body must be application/x-www-form-urlencoded", false);
            }
            Map<String, List<String>> form;
            try {
                form = FormBody.parse(body == null ? new byte[0] : body);
            } catch (FormBody.MalformedFormException e) {
                throw new OAuthErrorException(400, "invalid_request",
                        "The body is not valid application/x-www-form-urlencoded: " + e.getMessage(), false);
            }
            form.forEach((name, values) -> {
                refuseControlCharacter(name);
                values.forEach(TokenRequest::refuseControlCharacter);
            });
            return new TokenRequest(form);
        }

        /** In any field, the ones this endpoint ignores too, as the edge rules have it for every input. */
        private static void refuseControlCharacter(String text) {
            int control = ControlCharacters.firstIn(text);
            if (control >= 0) {
                throw new OAuthErrorException(400, "invalid_request",
                        "The form contains the control character " + ControlCharacters.name(control), false);
            }
        }

        private static MediaType mediaType(String contentType) {
            try {
                return MediaType.valueOf(contentType);
            } catch (IllegalArgumentException e) {
                return MediaType.WILDCARD_TYPE;
            }
        }

        String single(String name, int maxLength) {
            List<String> values = parameters.get(name);
            if (values == null) {
                return null;
            }
            if (values.size() > 1) {
                throw new OAuthErrorException(400, "invalid_request", name + " must be sent at most once", false);
            }
            return checked(name, values.get(0), maxLength);
        }

        static String checked(String name, String value, int maxLength) {
            if (value.length() > maxLength) {
                throw new OAuthErrorException(400, "invalid_request",
                        name + " must be at most " + maxLength + " characters long", false);
            }
            int control = ControlCharacters.firstIn(value);
            if (control >= 0) {
                throw new OAuthErrorException(400, "invalid_request",
                        name + " contains the control character " + ControlCharacters.name(control), false);
            }
            return value;
        }
    }

    /**
     * Refusals of the edge rules (control characters, a malformed form or URL) come as problems; OAuth
     * clients parse only RFC 6749's format, so they get it in that one.
     */
    @ServerExceptionMapper
    RestResponse<OAuthError> refusedAtTheEdge(ProblemException problem) {
        int status = problem.problem().status();
        return refused(new OAuthErrorException(status, status == 401 ? "invalid_client" : "invalid_request",
                problem.problem().detail(), false));
    }

    @ServerExceptionMapper
    RestResponse<OAuthError> refused(OAuthErrorException refusal) {
        RestResponse.ResponseBuilder<OAuthError> response = RestResponse.ResponseBuilder
                .create(RestResponse.Status.fromStatusCode(refusal.status()), refusal.error())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
        if (refusal.basicChallenge()) {
            response.header("WWW-Authenticate", "Basic realm=\"mosaic\"");
        }
        return response.build();
    }
}
