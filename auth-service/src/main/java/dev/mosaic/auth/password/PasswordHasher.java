package dev.mosaic.auth.password;

import dev.mosaic.auth.crypto.CpuWork;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Hashes and checks passwords on the worker pool. Argon2id takes tens of milliseconds of CPU by
 * design; on an event-loop thread that would stall every other request of that loop.
 */
@ApplicationScoped
public class PasswordHasher {
    /**
     * Verified against when the email is unknown, so that both answers cost the same time.
     * Made on first use, which is on a worker thread.
     */
    private static final class DummyHash {
        static final String VALUE = Argon2id.hash("not-the-password-of-anyone");
    }

    public Uni<String> hash(String password) {
        return CpuWork.offTheEventLoop(() -> Argon2id.hash(password));
    }

    /** @param storedHash null when there is no such account: a dummy check still runs */
    public Uni<Boolean> verify(String password, String storedHash) {
        if (storedHash == null) {
            return CpuWork.offTheEventLoop(() -> {
                Argon2id.verify(password, DummyHash.VALUE);
                return false;
            });
        }
        return CpuWork.offTheEventLoop(() -> Argon2id.verify(password, storedHash));
    }
}
