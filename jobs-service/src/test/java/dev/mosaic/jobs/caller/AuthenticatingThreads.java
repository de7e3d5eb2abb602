package dev.mosaic.jobs.caller;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Test only: the thread on which each caller's verified identity was handed on, by token subject.
 * Augmentors run where the identity provider delivered it, so a provider that verified on a worker
 * thread (smallrye-jwt's with an http JWKS) shows here as a thread that is not an event loop.
 */
@ApplicationScoped
public class AuthenticatingThreads implements SecurityIdentityAugmentor {
    /** Where one identity was handed on. */
    public record Seen(String thread, boolean eventLoop) {
    }

    private static final Map<String, List<Seen>> BY_SUBJECT = new ConcurrentHashMap<>();

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null) {
            BY_SUBJECT.computeIfAbsent(token.getSubject(), subject -> new CopyOnWriteArrayList<>())
                    .add(new Seen(Thread.currentThread().getName(), Context.isOnEventLoopThread()));
        }
        return Uni.createFrom().item(identity);
    }

    public static List<Seen> of(String subject) {
        return BY_SUBJECT.getOrDefault(subject, List.of());
    }
}
