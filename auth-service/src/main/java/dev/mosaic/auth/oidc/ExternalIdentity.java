package dev.mosaic.auth.oidc;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * Who the provider says signed in: {@code sub} and, when given, the email and whether the provider
 * verified it; plus the provider's tokens, to be stored sealed.
 */
public record ExternalIdentity(String providerId, String subject, Optional<String> email, boolean emailVerified,
        String name, ProviderClient.Tokens tokens) {
    private static final int MAX_NAME = 200;
    private static final int MAX_EMAIL = 254;

    /** From the verified ID token; from userinfo too when the ID token has no email (some providers put it only there). */
    static Uni<ExternalIdentity> of(OidcProviders.Provider provider, ProviderClient.Verified verified,
            ProviderClient client) {
        JsonObject idClaims = verified.idTokenClaims();
        ProviderClient.Tokens tokens = verified.tokens();
        String subject = idClaims.getValue("sub") instanceof String sub && !sub.isBlank() ? sub : null;
        if (subject == null) {
            return Uni.createFrom().failure(new SignInFailedException(SignInError.INVALID_ID_TOKEN,
                    "The ID token of provider " + provider.id() + " has no sub"));
        }
        if (idClaims.getValue("email") != null || verified.userinfoEndpoint().isEmpty() || tokens.accessToken().isEmpty()) {
            return Uni.createFrom().item(from(provider, subject, idClaims, tokens));
        }
        return client.userinfo(provider, verified.userinfoEndpoint().get(), tokens.accessToken().get()).map(userinfo -> {
            if (!subject.equals(userinfo.getString("sub"))) {
                // OpenID Connect Core §5.3.2: a userinfo answer about someone else must not be used.
                throw new SignInFailedException(SignInError.INVALID_ID_TOKEN,
                        "Userinfo of provider " + provider.id() + " is about another subject");
            }
            return from(provider, subject, userinfo.mergeIn(idClaims), tokens);
        });
    }

    private static ExternalIdentity from(OidcProviders.Provider provider, String subject, JsonObject claims,
            ProviderClient.Tokens tokens) {
        Optional<String> email = Optional.ofNullable(claims.getValue("email")).map(Object::toString).map(String::strip)
                .filter(e -> !e.isEmpty() && e.length() <= MAX_EMAIL && e.indexOf('@') > 0);
        // Some providers send "true" as a string.
        Object verified = claims.getValue("email_verified");
        boolean emailVerified = Boolean.TRUE.equals(verified) || "true".equals(verified);
        return new ExternalIdentity(provider.id(), subject, email, emailVerified, nameOf(claims, email), tokens);
    }

    private static String nameOf(JsonObject claims, Optional<String> email) {
        String name = text(claims, "name");
        if (name == null) {
            String given = text(claims, "given_name");
            String family = text(claims, "family_name");
            name = given == null ? family : family == null ? given : given + " " + family;
        }
        if (name == null) {
            name = text(claims, "preferred_username");
        }
        if (name == null) {
            name = email.map(e -> e.substring(0, e.indexOf('@'))).orElse("Mosaic user");
        }
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }

    private static String text(JsonObject claims, String name) {
        Object value = claims.getValue(name);
        return value instanceof String s && !s.isBlank() ? s.strip() : null;
    }
}
