package dev.mosaic.auth.oidc;

import dev.mosaic.auth.crypto.SignedJwts;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Objects;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Verifies a provider's ID token (OpenID Connect Core §3.1.3.7): signature by one of the provider's
 * published keys with an asymmetric algorithm, {@code iss} = the discovered issuer, {@code aud}
 * contains our client id ({@code azp} = it when there are several), {@code exp}/{@code iat} with a
 * minute of clock skew, a {@code sub}, and the {@code nonce} this sign-in sent.
 */
@ApplicationScoped
public class IdTokens {
    private static final int CLOCK_SKEW_SECONDS = 60;
    private static final AlgorithmConstraints ASYMMETRIC_ONLY = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT,
            AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_USING_SHA384,
            AlgorithmIdentifiers.RSA_USING_SHA512, AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA384, AlgorithmIdentifiers.RSA_PSS_USING_SHA512,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384,
            AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512, AlgorithmIdentifiers.EDDSA);

    private final ProviderClient providers;

    IdTokens(ProviderClient providers) {
        this.providers = providers;
    }

    public Uni<JwtClaims> verify(OidcProviders.Provider provider, ProviderClient.Metadata meta, String idToken,
            String expectedNonce) {
        return providers.keys(provider, meta, false).chain(keys -> {
            try {
                return Uni.createFrom().item(check(provider, meta, idToken, expectedNonce, keys));
            } catch (UnknownKey unknown) {
                // The provider may have rotated its keys since we read them: read once more.
                return providers.keys(provider, meta, true).map(fresh -> {
                    try {
                        return check(provider, meta, idToken, expectedNonce, fresh);
                    } catch (UnknownKey stillUnknown) {
                        throw invalid(provider, "it is signed by a key the provider does not publish", stillUnknown);
                    }
                });
            }
        });
    }

    private static final class UnknownKey extends Exception {
        UnknownKey(Throwable cause) {
            super(cause);
        }
    }

    private static JwtClaims check(OidcProviders.Provider provider, ProviderClient.Metadata meta, String idToken,
            String expectedNonce, List<JsonWebKey> keys) throws UnknownKey {
        JwtConsumer consumer = SignedJwts.verifier(meta.issuer(), provider.clientId(), CLOCK_SKEW_SECONDS,
                ASYMMETRIC_ONLY, keys).setRequireIssuedAt().build();
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(idToken);
        } catch (InvalidJwtException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof UnresolvableKeyException) {
                    throw new UnknownKey(e);
                }
            }
            throw invalid(provider, e.getMessage(), e);
        }
        try {
            if (!Objects.equals(expectedNonce, claims.getClaimValueAsString("nonce"))) {
                throw invalid(provider, "its nonce is not the one this sign-in sent", null);
            }
            List<String> audiences = claims.getAudience();
            String azp = claims.getClaimValueAsString("azp");
            if (audiences.size() > 1 && azp == null) {
                throw invalid(provider, "it has several audiences and no azp", null);
            }
            if (azp != null && !provider.clientId().equals(azp)) {
                throw invalid(provider, "it was issued to another client (azp " + azp + ")", null);
            }
        } catch (MalformedClaimException e) {
            throw invalid(provider, e.getMessage(), e);
        }
        return claims;
    }

    private static SignInFailedException invalid(OidcProviders.Provider provider, String why, Throwable cause) {
        return new SignInFailedException(SignInError.INVALID_ID_TOKEN,
                "The ID token from provider " + provider.id() + " is refused: " + why, cause);
    }
}
