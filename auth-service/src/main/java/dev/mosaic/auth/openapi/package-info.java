/**
 * What auth-service's OpenAPI document (/q/openapi, committed as deploy/openapi/auth-service.yaml) says once
 * rather than per endpoint: its tags, how callers authenticate, and the problem schema of every error, which
 * shared-types' {@code ProblemResponsesFilter} attaches to the error answers. Title, description and version
 * come from application.properties ({@code quarkus.smallrye-openapi.info-*}), which override the {@code @Info} here.
 */
@OpenAPIDefinition(
        info = @Info(title = "Mosaic auth-service", version = "see quarkus.smallrye-openapi.info-version"),
        tags = {
                @Tag(name = AuthServiceApi.SIGN_UP, description = "Sign up with email and password, confirm the address"),
                @Tag(name = AuthServiceApi.SESSIONS, description = "Sign in and out, sessions, access tokens for people"),
                @Tag(name = AuthServiceApi.PASSWORDS, description = "Password reset by mail"),
                @Tag(name = AuthServiceApi.ACCOUNT, description = "The caller's own account: name, password, email, "
                        + "sign-in methods, deletion"),
                @Tag(name = AuthServiceApi.WORKSPACES, description = "Team workspaces: members and their roles, "
                        + "invitations by email"),
                @Tag(name = AuthServiceApi.SINGLE_SIGN_ON, description = "Sign-in through external OpenID Connect "
                        + "providers: browser navigations that end in redirects"),
                @Tag(name = AuthServiceApi.TOKENS, description = "What verifiers and machines use: the JWKS, discovery, "
                        + "the revocation feed, the OAuth 2.0 client-credentials token endpoint"),
                @Tag(name = AuthServiceApi.ADMIN, description = "Machine clients and signing keys; an access token "
                        + "with the `admin` role")},
        components = @Components(
                schemas = @Schema(name = "Problem", implementation = Problem.class),
                securitySchemes = {
                        @SecurityScheme(securitySchemeName = AuthServiceApi.SESSION_COOKIE, type = SecuritySchemeType.APIKEY,
                                in = SecuritySchemeIn.COOKIE, apiKeyName = "mosaic_session",
                                description = "The session cookie that sign-in sets (HttpOnly, SameSite=Lax)"),
                        @SecurityScheme(securitySchemeName = AuthServiceApi.SESSION_TOKEN, type = SecuritySchemeType.HTTP,
                                scheme = "bearer", bearerFormat = "opaque session token",
                                description = "The same session token as `Authorization: Bearer`, for clients "
                                        + "without cookies (`token` of `SignedIn`)"),
                        @SecurityScheme(securitySchemeName = AuthServiceApi.ACCESS_TOKEN, type = SecuritySchemeType.HTTP,
                                scheme = "bearer", bearerFormat = "JWT",
                                description = "An access JWT of this service (`GET /api/auth/token` or the token "
                                        + "endpoint); the roles it needs are listed with each operation"),
                        @SecurityScheme(securitySchemeName = AuthServiceApi.CLIENT_CREDENTIALS,
                                type = SecuritySchemeType.HTTP, scheme = "basic",
                                description = "A machine client's `client_id:client_secret` (RFC 6749 §2.3.1); "
                                        + "`client_id` and `client_secret` in the form are accepted instead")}))
package dev.mosaic.auth.openapi;

import dev.mosaic.shared.problem.Problem;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
