package dev.mosaic.auth.verification;

import dev.mosaic.auth.token.TokenConfig;
import dev.mosaic.auth.token.Urls;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** The mails auth-service sends. Links carry the one-time token; it is never logged. */
@ApplicationScoped
public class AuthMails {
    private final ReactiveMailer mailer;
    private final TokenConfig tokenConfig;
    private final VerificationConfig config;

    AuthMails(ReactiveMailer mailer, TokenConfig tokenConfig, VerificationConfig config) {
        this.mailer = mailer;
        this.tokenConfig = tokenConfig;
        this.config = config;
    }

    public Uni<Void> verifyEmail(String to, String token) {
        String link = Urls.withoutTrailingSlashes(tokenConfig.issuer()) + "/api/auth/verify-email?token=" + token;
        return mailer.send(Mail.withText(to, "Confirm your email for Mosaic",
                "Open this link to confirm your email address:\n\n" + link + "\n\nIt works once, for "
                        + hours(config.emailLifetime()) + ". If you did not sign up for Mosaic, ignore this mail."));
    }

    public Uni<Void> resetPassword(String to, String token) {
        String link = config.passwordResetUrl() + (config.passwordResetUrl().contains("?") ? "&" : "?") + "token=" + token;
        return mailer.send(Mail.withText(to, "Reset your Mosaic password",
                "Open this link to choose a new password:\n\n" + link + "\n\nIt works once, for "
                        + config.passwordResetLifetime().toMinutes() + " minutes. Setting a new password signs you "
                        + "out everywhere. If you did not ask for this, ignore this mail."));
    }

    private static String hours(Duration duration) {
        return duration.toHours() + " hours";
    }
}
