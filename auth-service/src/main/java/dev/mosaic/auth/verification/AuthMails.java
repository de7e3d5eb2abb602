package dev.mosaic.auth.verification;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/** The mails auth-service sends. Links carry the one-time token; it is never logged. */
@ApplicationScoped
public class AuthMails {
    private static final Logger LOG = Logger.getLogger(AuthMails.class);

    private final ReactiveMailer mailer;
    private final VerificationConfig config;

    AuthMails(ReactiveMailer mailer, VerificationConfig config) {
        this.mailer = mailer;
        this.config = config;
    }

    public Uni<Void> verifyEmail(String to, String token) {
        return mailer.send(Mail.withText(to, "Confirm your email for Mosaic",
                "Someone, hopefully you, signed up for Mosaic with this address. Open this link to confirm it and "
                        + "sign in; if you signed up with a password, the page asks for it:\n\n"
                        + withToken(config.emailVerificationUrl(), token) + "\n\nIt works once, for "
                        + config.emailLifetime().toHours() + " hours. If you did not sign up for Mosaic, ignore this "
                        + "mail: nobody can sign in with this address until the link is opened with the password "
                        + "chosen at sign-up."));
    }

    /** To the owner of a verified address that someone tried to sign up with: nothing changed, nothing to click. */
    public Uni<Void> signUpAttempted(String to) {
        return mailer.send(Mail.withText(to, "Someone tried to sign up for Mosaic with your address",
                "Someone, perhaps you, tried to sign up for Mosaic with this address, which has an account already. "
                        + "Nothing was changed.\n\nIf it was you: sign in instead. If you forgot your password, use "
                        + "\"Forgot your password?\" on the sign-in page to set a new one.\n\nIf it was not you, "
                        + "ignore this mail: your password and your account are as they were."));
    }

    public Uni<Void> resetPassword(String to, String token) {
        return mailer.send(Mail.withText(to, "Reset your Mosaic password",
                "Open this link to choose a new password:\n\n" + withToken(config.passwordResetUrl(), token)
                        + "\n\nIt works once, for " + config.passwordResetLifetime().toMinutes() + " minutes. Setting a "
                        + "new password signs you out everywhere. If you did not ask for this, ignore this mail."));
    }

    /** To the new address a signed-in person asked for: the link that makes it theirs. */
    public Uni<Void> confirmEmailChange(String to, String token) {
        return mailer.send(Mail.withText(to, "Confirm your new email for Mosaic",
                "Someone, hopefully you, asked to use this address for their Mosaic account. Open this link to "
                        + "confirm it:\n\n" + withToken(config.emailChangeUrl(), token) + "\n\nIt works once, for "
                        + config.emailLifetime().toHours() + " hours. Until it is opened the account keeps its old "
                        + "address. If you did not ask for this, ignore this mail."));
    }

    /** To the current address of who asked to move their account to {@code newEmail}: sent whether or not it is free. */
    public Uni<Void> emailChangeRequested(String to, String newEmail) {
        return mailer.send(Mail.withText(to, "Your Mosaic email is about to change",
                "Someone signed in to your Mosaic account asked to change its address to " + newEmail + ". We sent a "
                        + "link there; the address changes only when it is opened.\n\nIf this was not you, someone "
                        + "has your session: change your password now. That signs out every other session and "
                        + "cancels this change if its link has not been opened yet."));
    }

    /** To the owner of an address that someone tried to move another account to: nothing changed, nothing to click. */
    public Uni<Void> emailChangeAttempted(String to) {
        return mailer.send(Mail.withText(to, "Someone tried to use your address for another Mosaic account",
                "Someone signed in to another Mosaic account asked to change its address to this one, which belongs "
                        + "to your account already. Nothing was changed, and your account is as it was."));
    }

    /** To a person whose account a provider's identity was just linked to: how to undo it if it was not them. */
    public Uni<Void> identityLinked(String to, String providerName) {
        return mailer.send(Mail.withText(to, "A new way to sign in to your Mosaic account",
                "Your " + providerName + " account was linked to your Mosaic account: signing in with " + providerName
                        + " now opens it.\n\nIf this was not you, someone is signed in as you: sign out every other "
                        + "session on the Sessions page, change your password if you have one, and remove "
                        + providerName + " under \"Ways to sign in\" on your account page."));
    }

    /** An invitation to a team workspace; whoever opens it signs in (or up) with this address to accept. */
    public Uni<Void> invitation(String to, String token, String inviterName, String workspaceName, String role) {
        return mailer.send(Mail.withText(to, inviterName + " invited you to a Mosaic workspace",
                inviterName + " invited you to join the Mosaic workspace \"" + workspaceName + "\" as " + role
                        + ". Open this link, and sign in or sign up with this address (" + to + ") to accept:\n\n"
                        + withToken(config.invitationUrl(), token) + "\n\nIt works once, for "
                        + readable(config.invitationLifetime()) + ". If you do not know " + inviterName
                        + " or do not want to join, ignore this mail."));
    }

    /**
     * Sends without the request waiting for the mail server, so an answer that sends a mail takes no longer
     * than one that does not: its timing tells nothing about who has an account.
     */
    public void sendInBackground(Uni<Void> mail, String kind) {
        mail.subscribe().with(sent -> LOG.debugf("%s mail sent", kind),
                failure -> LOG.warnf("%s mail could not be sent: %s", kind, failure.getMessage()));
    }

    private static String readable(Duration lifetime) {
        return lifetime.toDays() >= 2 ? lifetime.toDays() + " days" : lifetime.toHours() + " hours";
    }

    private static String withToken(String url, String token) {
        return url + (url.contains("?") ? "&" : "?") + "token=" + token;
    }
}
