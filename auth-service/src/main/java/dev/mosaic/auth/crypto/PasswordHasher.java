package dev.mosaic.auth.crypto;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Hashes and checks passwords on the worker pool. Argon2id takes tens of milliseconds of CPU by
 * design; on an event-loop thread that would stall every other request of that loop. Each argon2id
 * run is counted ({@code mosaic_auth_password_hashes_total} by {@code operation}: {@code hash},
 * {@code verify}), which shows how much guessing reaches the hash.
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

    private final CpuWork cpu;
    private final Counter hashes;
    private final Counter verifications;

    PasswordHasher(CpuWork cpu, MeterRegistry registry) {
        this.cpu = cpu;
        this.hashes = registry.counter("mosaic.auth.password.hashes", "operation", "hash");
        this.verifications = registry.counter("mosaic.auth.password.hashes", "operation", "verify");
    }

    public Uni<String> hash(String password) {
        return cpu.offTheEventLoop(() -> {
            hashes.increment();
            return Argon2id.hash(password);
        });
    }

    /** @param storedHash null when there is no such account: a dummy check still runs */
    public Uni<Boolean> verify(String password, String storedHash) {
        return cpu.offTheEventLoop(() -> {
            verifications.increment();
            return storedHash == null ? dummyCheck(password) : Argon2id.verify(password, storedHash);
        });
    }

    private static boolean dummyCheck(String password) {
        Argon2id.verify(password, DummyHash.VALUE);
        return false;
    }
}
