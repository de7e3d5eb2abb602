package dev.mosaic.auth.account;

import dev.mosaic.auth.user.Account;
import dev.mosaic.auth.user.User;
import dev.mosaic.shared.auth.LinkedAccount;
import dev.mosaic.shared.auth.UnlinkAccountRequest;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The ways a person signs in (their password, their SSO identities), and taking one away: never the last. */
@ApplicationScoped
public class LinkedAccounts {

    @WithSession
    public Uni<List<LinkedAccount>> of(UUID userId) {
        return Account.listOf(userId).map(accounts -> accounts.stream()
                .map(account -> new LinkedAccount(account.id, account.providerId, account.accountId, account.createdAt))
                .toList());
    }

    /**
     * Removes one way to sign in. The user row is locked first, so unlinks (and deletions) of one user run one after
     * the other: each counts what the one before left, and two at once can never remove the last two.
     */
    @WithTransaction
    public Uni<Void> unlink(UUID userId, UnlinkAccountRequest request) {
        return User.lock(userId).chain(() -> Account.listOf(userId)).chain(accounts -> {
            List<Account> matching = accounts.stream()
                    .filter(account -> account.providerId.equals(request.providerId()))
                    .filter(account -> request.accountId() == null || account.accountId.equals(request.accountId()))
                    .toList();
            if (matching.isEmpty()) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.NOT_FOUND, "You have no such linked "
                        + "account. List yours with GET /api/auth/list-accounts."));
            }
            if (matching.size() > 1) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.VALIDATION_FAILED, "You have several "
                        + "identities at this provider: name the one to unlink with 'accountId'."));
            }
            if (accounts.size() == 1) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT, "This is your last way to "
                        + "sign in, so it stays. Link another provider or set a password first."));
            }
            return matching.get(0).delete();
        });
    }
}
