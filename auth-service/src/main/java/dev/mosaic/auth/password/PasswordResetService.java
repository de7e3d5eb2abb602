package dev.mosaic.auth.password;

import dev.mosaic.auth.crypto.PasswordHasher;
import dev.mosaic.auth.session.SessionService;
import dev.mosaic.auth.user.Account;
import dev.mosaic.auth.user.UnvouchedIdentities;
import dev.mosaic.auth.user.User;
import dev.mosaic.auth.verification.AuthMails;
import dev.mosaic.auth.verification.Mailing;
import dev.mosaic.auth.verification.VerificationConfig;
import dev.mosaic.auth.verification.VerificationPurpose;
import dev.mosaic.auth.verification.VerificationTokens;
import dev.mosaic.shared.auth.PasswordResetRequest;
import dev.mosaic.shared.auth.ResetPasswordRequest;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class PasswordResetService {
    private final VerificationTokens tokens;
    private final AuthMails mails;
    private final VerificationConfig config;
    private final PasswordHasher hasher;
    private final SessionService sessions;
    private final UnvouchedIdentities unvouched;

    PasswordResetService(VerificationTokens tokens, AuthMails mails, VerificationConfig config, PasswordHasher hasher,
            SessionService sessions, UnvouchedIdentities unvouched) {
        this.tokens = tokens;
        this.mails = mails;
        this.config = config;
        this.hasher = hasher;
        this.sessions = sessions;
        this.unvouched = unvouched;
    }

    /**
     * Mails a reset link when the email belongs to someone. The caller answers the same either way,
     * and the mail goes out after the answer, so neither the body nor the time tells whether the
     * address has an account.
     */
    public Uni<Void> request(PasswordResetRequest request) {
        return Panache.withTransaction(() -> User.findByEmail(request.email()).chain(user -> user == null
                ? Uni.createFrom().nullItem()
                : tokens.issue(VerificationPurpose.PASSWORD_RESET, user.id.toString(), config.passwordResetLifetime())
                        .map(token -> new Mailing(user.email, token))))
                .invoke(mailing -> {
                    if (mailing != null) {
                        mails.sendInBackground(mails.resetPassword(mailing.to(), mailing.token()), "Password reset");
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Sets the new password and ends every session of that user (revoking their access tokens); the
     * token is spent. The token is checked before the password is hashed, so a made-up token costs no
     * hash. The mailbox's owner has taken the account back, so an SSO identity linked through an address
     * its provider never vouched for is unlinked.
     */
    public Uni<Void> reset(ResetPasswordRequest request) {
        return Panache.withSession(() -> tokens.isLive(VerificationPurpose.PASSWORD_RESET, request.token()))
                .chain(live -> live ? hasher.hash(request.newPassword()) : Uni.createFrom().<String>failure(unknownLink()))
                .chain(newHash -> Panache.withTransaction(() -> tokens
                .redeem(VerificationPurpose.PASSWORD_RESET, request.token())
                .chain(identifier -> {
                    if (identifier == null) {
                        return Uni.createFrom().failure(unknownLink());
                    }
                    UUID userId = UUID.fromString(identifier);
                    return Account.setPassword(userId, newHash).chain(() -> unvouched.unlink(userId))
                            .chain(() -> sessions.endAllOf(userId));
                })))
                .replaceWithVoid();
    }

    private static ProblemException unknownLink() {
        return new ProblemException(ProblemType.VALIDATION_FAILED,
                "This reset link is unknown, used or expired. Ask for a new one with "
                        + "POST /api/auth/request-password-reset.");
    }
}
