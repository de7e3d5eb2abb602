package dev.mosaic.auth.user;

import dev.mosaic.shared.auth.Roles;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The admins that {@code MOSAIC_AUTH_ADMIN_EMAILS} names. Anyone may sign up with any address, so a
 * listed address makes an admin only once its owner has proven it: by the mailed verification link,
 * or by a provider that says {@code email_verified} at the first single sign-on.
 */
@ApplicationScoped
public class ConfiguredAdmins {
    private final UserConfig config;

    ConfiguredAdmins(UserConfig config) {
        this.config = config;
    }

    /**
     * Within the caller's transaction: the user's address counts as verified from now on. This is the
     * only way it comes to be verified, so that a listed address makes its user an admin at this moment.
     */
    public void markEmailVerified(User user) {
        user.markEmailVerified();
        if (isAdminByConfig(user)) {
            user.grantRole(Roles.ADMIN);
        }
    }

    /**
     * Within the caller's transaction: the user's address is {@code newEmail} from now on, proven by its mailed
     * link. The admin role follows the address: a listed one makes an admin, and an admin who moves to an
     * address that is not listed is one no longer (the role came from the old address alone).
     */
    public void switchEmail(User user, String newEmail) {
        user.switchEmail(newEmail);
        if (isAdminByConfig(user)) {
            user.grantRole(Roles.ADMIN);
        } else {
            user.revokeRole(Roles.ADMIN);
        }
    }

    private boolean isAdminByConfig(User user) {
        return user.emailVerified && config.adminEmails()
                .map(emails -> emails.stream().map(User::normalizeEmail).anyMatch(user.email::equals))
                .orElse(false);
    }
}
