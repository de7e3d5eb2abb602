package dev.mosaic.auth.user;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * SSO identities linked before V6 through an email their provider did not vouch for
 * ({@code accounts.email_vouched = false}): they go once the address's owner proves the mailbox.
 */
@ApplicationScoped
public class UnvouchedIdentities {
    private static final Logger LOG = Logger.getLogger(UnvouchedIdentities.class);

    /**
     * Once the owner of the user's address has proven it (a password reset, an email
     * verification): removes identities linked through an email their provider did not vouch for. The number removed.
     */
    @WithTransaction
    public Uni<Long> unlink(UUID userId) {
        return Account.deleteUnvouchedExternal(userId).invoke(removed -> {
            if (removed > 0) {
                LOG.infof("Unlinked %d SSO identities of user %s that were linked by an unverified email", removed, userId);
            }
        });
    }
}
