package dev.mosaic.auth.user;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A way to sign in as a user: a password ({@value #CREDENTIAL}) or an external OIDC provider. */
@Entity
@Table(name = "accounts")
public class Account extends PanacheEntityBase {
    public static final String CREDENTIAL = "credential";

    @Id
    public UUID id;
    @Column(name = "user_id")
    public UUID userId;
    @Column(name = "provider_id")
    public String providerId;
    @Column(name = "account_id")
    public String accountId;
    @Column(name = "password_hash")
    public String passwordHash;
    @Column(name = "access_token")
    public String accessToken;
    @Column(name = "refresh_token")
    public String refreshToken;
    @Column(name = "id_token")
    public String idToken;
    @Column(name = "access_token_expires_at")
    public Instant accessTokenExpiresAt;
    /** External accounts: whether the provider vouched for the email when this identity was linked (see V6). */
    @Column(name = "email_vouched")
    public boolean emailVouched = true;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public static Account credential(User user, String passwordHash) {
        Account account = new Account();
        account.id = UUID.randomUUID();
        account.userId = user.id;
        account.providerId = CREDENTIAL;
        account.accountId = user.id.toString();
        account.passwordHash = passwordHash;
        account.createdAt = Instant.now();
        account.updatedAt = account.createdAt;
        return account;
    }

    /** A user's account at an external provider: {@code accountId} is the provider's {@code sub}. */
    public static Account external(UUID userId, String providerId, String subject) {
        Account account = new Account();
        account.id = UUID.randomUUID();
        account.userId = userId;
        account.providerId = providerId;
        account.accountId = subject;
        account.createdAt = Instant.now();
        account.updatedAt = account.createdAt;
        return account;
    }

    public static Uni<Account> findExternal(String providerId, String subject) {
        return find("providerId = ?1 and accountId = ?2", providerId, subject).firstResult();
    }

    /** The associated data under which a token column of this row is sealed: a copy on another row or column does not open. */
    public String sealContext(String column) {
        return "accounts/" + id + "/" + column;
    }

    /** Removes the user's external identities linked through an email their provider did not vouch for. */
    public static Uni<Long> deleteUnvouchedExternal(UUID userId) {
        return delete("userId = ?1 and providerId <> ?2 and emailVouched = false", userId, CREDENTIAL);
    }

    /** The user's ways to sign in, oldest first. */
    public static Uni<List<Account>> listOf(UUID userId) {
        return list("userId = ?1 order by createdAt, id", userId);
    }

    public static Uni<Account> findCredential(UUID userId) {
        return find("userId = ?1 and providerId = ?2", userId, CREDENTIAL).firstResult();
    }

    /** Within the caller's transaction: the user's password from now on, adding one to a user who had none. */
    public static Uni<Void> setPassword(UUID userId, String newHash) {
        return findCredential(userId).chain(account -> {
            if (account != null) {
                account.passwordHash = newHash;
                account.updatedAt = Instant.now();
                return Uni.createFrom().voidItem();
            }
            return User.<User>findById(userId).chain(user -> credential(user, newHash).persist()).replaceWithVoid();
        });
    }
}
