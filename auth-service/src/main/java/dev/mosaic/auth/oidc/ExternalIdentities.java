package dev.mosaic.auth.oidc;

import static dev.mosaic.shared.http.ControlCharacters.quoted;

import dev.mosaic.auth.crypto.KeyEncryption;
import dev.mosaic.auth.session.SessionService;
import dev.mosaic.auth.signup.SignUpService;
import dev.mosaic.auth.user.Account;
import dev.mosaic.auth.user.User;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.sql.UniqueViolations;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Maps a provider's identity onto a Mosaic user at a sign-in, in one transaction (the caller's, which also opens the
 * session), or links it to a signed-in person at their request ({@link #link}). A sign-in:
 * <ol>
 *   <li>an {@code accounts} row of this provider and {@code sub} exists: its user (the email may have
 *       changed at the provider since; the account, not the email, identifies the person);</li>
 *   <li>else, unless the provider says {@code email_verified}, refused ({@link SignInError#EMAIL_NOT_VERIFIED})
 *       before the email is looked up: some providers let anyone claim any address, and a user made from
 *       such a claim would be waiting for the address's real owner, who would share it after a password
 *       reset (pre-account takeover);</li>
 *   <li>else the email belongs to a user: linked only when that user verified the address in Mosaic too,
 *       otherwise refused ({@link SignInError#ACCOUNT_NOT_LINKED}): whoever signed up with someone
 *       else's address here must not get that person's provider login into the account;</li>
 *   <li>else a new user with a personal workspace and a verified email, made by {@link SignUpService#createUser};
 *       an address listed in {@code MOSAIC_AUTH_ADMIN_EMAILS} makes an admin ({@link dev.mosaic.auth.user.ConfiguredAdmins}).</li>
 * </ol>
 * Identities linked before V6 through an unvouched email ({@code accounts.email_vouched = false}) are
 * unlinked when the address's owner proves it ({@link dev.mosaic.auth.user.UnvouchedIdentities}).
 * The provider's tokens are stored sealed ({@link KeyEncryption#seal}), refreshed at every sign-in.
 */
@ApplicationScoped
public class ExternalIdentities {
    private static final Logger LOG = Logger.getLogger(ExternalIdentities.class);
    /** The constraint that keeps one identity at a provider to one user. */
    private static final String IDENTITY_UNIQUE = "accounts_provider_id_account_id_key";

    private final SignUpService signUp;
    private final SessionService sessions;
    private final KeyEncryption encryption;

    ExternalIdentities(SignUpService signUp, SessionService sessions, KeyEncryption encryption) {
        this.signUp = signUp;
        this.sessions = sessions;
        this.encryption = encryption;
    }

    @WithTransaction
    public Uni<User> signIn(ExternalIdentity identity) {
        return Account.findExternal(identity.providerId(), identity.subject()).chain(account -> {
            if (account != null) {
                return User.<User>findById(account.userId).call(user -> storeTokens(account, identity));
            }
            String email = identity.email().orElseThrow(() -> new SignInFailedException(SignInError.EMAIL_MISSING,
                    "Provider " + identity.providerId() + " sent no email for " + identity.subject()));
            if (!identity.emailVerified()) {
                throw new SignInFailedException(SignInError.EMAIL_NOT_VERIFIED, "Provider " + identity.providerId()
                        + " does not vouch for the email of its account " + identity.subject());
            }
            return User.findByEmail(email).chain(existing -> {
                if (existing == null) {
                    return signUp.createUser(email, identity.name(), true).call(user -> link(user.id, identity));
                }
                if (!existing.emailVerified) {
                    throw new SignInFailedException(SignInError.ACCOUNT_NOT_LINKED, "Provider " + identity.providerId()
                            + " account " + identity.subject() + " has the email of user " + existing.id
                            + ", who never verified it");
                }
                LOG.infof("Linking provider %s account %s to user %s by verified email", quoted(identity.providerId()),
                        quoted(identity.subject()), existing.id);
                return link(existing.id, identity).replaceWith(existing);
            });
        });
    }

    /**
     * Links the identity to the signed-in person who asked for it ({@code link-social}), in one transaction: their
     * user row locked (as unlinks and deletions lock it), the session that asked still live, the identity nobody
     * else's. The provider's email plays no part: the live session, not the address, says whose account this is.
     * Linking an identity the person has already is a success that renews its stored tokens.
     */
    @WithTransaction
    public Uni<Linked> link(UUID userId, UUID sessionId, ExternalIdentity identity) {
        return User.lock(userId)
                .onFailure(ProblemException.class).transform(gone -> new SignInFailedException(SignInError.SESSION_ENDED,
                        "User " + userId + " was deleted before provider " + identity.providerId() + " answered"))
                .chain(user -> sessions.isLive(userId, sessionId).chain(live -> {
                    if (!live) {
                        throw new SignInFailedException(SignInError.SESSION_ENDED, "Session " + sessionId
                                + " ended before provider " + identity.providerId() + " answered a link");
                    }
                    return Account.findExternal(identity.providerId(), identity.subject());
                }).chain(account -> {
                    if (account == null) {
                        LOG.infof("Linking provider %s account %s to user %s at their request",
                                quoted(identity.providerId()), quoted(identity.subject()), userId);
                        return link(userId, identity).replaceWith(new Linked(user.email, true));
                    }
                    if (!account.userId.equals(userId)) {
                        throw new SignInFailedException(SignInError.ACCOUNT_ALREADY_LINKED, "Provider "
                                + identity.providerId() + " account " + identity.subject() + " belongs to user "
                                + account.userId + ", not to user " + userId + " who asked to link it");
                    }
                    return storeTokens(account, identity).replaceWith(new Linked(user.email, false));
                }));
    }

    /** A finished link: the person's address, and whether the identity is new to the account (else renewed). */
    public record Linked(String email, boolean added) {
    }

    /** Two transactions linked the same identity at once: the loser's reading of "nobody has it" is out of date. */
    public static boolean isLinkedMeanwhile(Throwable failure) {
        return UniqueViolations.isOn(failure, IDENTITY_UNIQUE);
    }

    private Uni<Account> link(UUID userId, ExternalIdentity identity) {
        Account account = Account.external(userId, identity.providerId(), identity.subject());
        seal(account, identity);
        return account.persist();
    }

    private Uni<Account> storeTokens(Account account, ExternalIdentity identity) {
        seal(account, identity);
        account.updatedAt = Instant.now();
        return Uni.createFrom().item(account);
    }

    private void seal(Account account, ExternalIdentity identity) {
        ProviderClient.Tokens tokens = identity.tokens();
        account.idToken = encryption.seal(tokens.idToken(), account.sealContext("id_token"));
        account.accessToken = tokens.accessToken().map(t -> encryption.seal(t, account.sealContext("access_token")))
                .orElse(null);
        account.refreshToken = tokens.refreshToken().map(t -> encryption.seal(t, account.sealContext("refresh_token")))
                .orElse(null);
        account.accessTokenExpiresAt = tokens.accessTokenExpiresAt().orElse(null);
    }
}
