package dev.mosaic.auth.session;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One failed sign-in, counted against a subject: {@code email:<address>} or {@code address:<ip>}. */
@Entity
@Table(name = "sign_in_failures")
public class SignInFailure extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String subject;
    @Column(name = "failed_at")
    public Instant failedAt;

    static SignInFailure of(String subject, Instant now) {
        SignInFailure failure = new SignInFailure();
        failure.subject = subject;
        failure.failedAt = now;
        return failure;
    }

    /** The {@code n}-th most recent failure (1-based) since {@code since}, or null when there are fewer. */
    static Uni<SignInFailure> nthMostRecent(String subject, Instant since, int n) {
        return find("subject = ?1 and failedAt > ?2", Sort.descending("failedAt"), subject, since)
                .range(n - 1, n - 1).firstResult();
    }

    static Uni<Long> forget(String subject) {
        return delete("subject", subject);
    }

    static Uni<Long> forgetOlderThan(String subject, Instant before) {
        return delete("subject = ?1 and failedAt <= ?2", subject, before);
    }
}
