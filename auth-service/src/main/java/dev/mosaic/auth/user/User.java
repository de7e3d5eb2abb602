package dev.mosaic.auth.user;

import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {
    @Id
    public UUID id;
    /** Always {@link #normalizeEmail normalised}. */
    public String email;
    public String name;
    @Column(name = "email_verified")
    public boolean emailVerified;
    public String image;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] roles;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public static User create(String email, String name, Set<String> roles) {
        User user = new User();
        user.id = UUID.randomUUID();
        user.email = normalizeEmail(email);
        user.name = name.strip();
        user.roles = roles.toArray(String[]::new);
        user.createdAt = Instant.now();
        user.updatedAt = user.createdAt;
        return user;
    }

    public static String normalizeEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    public static Uni<User> findByEmail(String email) {
        return find("email", normalizeEmail(email)).firstResult();
    }

    /** Only through {@link ConfiguredAdmins#markEmailVerified}, which decides whether that makes an admin. */
    void markEmailVerified() {
        emailVerified = true;
        updatedAt = Instant.now();
    }

    /** Only through {@link ConfiguredAdmins#switchEmail}, which decides what the new address makes of the user. */
    void switchEmail(String newEmail) {
        email = normalizeEmail(newEmail);
        markEmailVerified();
    }

    /**
     * Within the caller's transaction: this user's row, locked until it ends, so that changes to the user serialise.
     * 404 when the account is gone (deleted by a request that held the lock first).
     */
    public static Uni<User> lock(UUID id) {
        return User.<User>findById(id, LockModeType.PESSIMISTIC_WRITE).onItem().ifNull()
                .failWith(() -> new ProblemException(ProblemType.NOT_FOUND, "This account no longer exists."));
    }

    void grantRole(String role) {
        if (!roleSet().contains(role)) {
            roles = Stream.concat(Stream.of(roles), Stream.of(role)).sorted().toArray(String[]::new);
            updatedAt = Instant.now();
        }
    }

    void revokeRole(String role) {
        if (roleSet().contains(role)) {
            roles = Stream.of(roles).filter(held -> !held.equals(role)).toArray(String[]::new);
            updatedAt = Instant.now();
        }
    }

    public Set<String> roleSet() {
        return Set.of(roles);
    }
}
