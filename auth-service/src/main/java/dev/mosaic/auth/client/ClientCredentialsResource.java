package dev.mosaic.auth.client;

import dev.mosaic.auth.token.AccessTokens;
import dev.mosaic.shared.auth.AccessTokenResponse;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The OAuth 2.0 token endpoint, client-credentials grant only (RFC 6749 §4.4). */
@Path("/api/auth/oauth2/token")
public class ClientCredentialsResource {
    private static final String CLIENT_CREDENTIALS = "client_credentials";
    private static final String BASIC = "Basic ";

    private final ServiceClients clients;
    private final AccessTokens accessTokens;

    ClientCredentialsResource(ServiceClients clients, AccessTokens accessTokens) {
        this.clients = clients;
        this.accessTokens = accessTokens;
    }

    private record Credentials(String clientId, String secret, boolean basic) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<AccessTokenResponse>> token(@FormParam("grant_type") String grantType,
            @FormParam("client_id") String clientId, @FormParam("client_secret") String clientSecret,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (grantType == null || grantType.isBlank()) {
            throw new OAuthErrorException(400, "invalid_request", "grant_type is required", false);
        }
        if (!CLIENT_CREDENTIALS.equals(grantType)) {
            throw new OAuthErrorException(400, "unsupported_grant_type",
                    "Only grant_type=client_credentials is supported here", false);
        }
        Credentials credentials = credentialsOf(authorization, clientId, clientSecret);
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
            return new Credentials(urlDecode(decoded.substring(0, colon)), urlDecode(decoded.substring(colon + 1)), true);
        }
        if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isEmpty()) {
            throw new OAuthErrorException(401, "invalid_client",
                    "Send client_id and client_secret by HTTP Basic or in the form", false);
        }
        return new Credentials(clientId, clientSecret, false);
    }

    /** RFC 6749 §2.3.1: Basic credentials are form-urlencoded before base64. */
    private static String urlDecode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
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
