package dev.mosaic.auth.session;

import dev.mosaic.auth.crypto.CpuWork;
import dev.mosaic.auth.crypto.PasswordHasher;
import dev.mosaic.auth.ratelimit.ClientInfo;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every place that answers whether a password is right is a way to guess it, so each checks it here: sign-in,
 * and the account pages that ask for the current password (change password, delete account). The attempt is
 * counted by the {@link SignInThrottle} against the account's email before the hash, so guesses spread over
 * these endpoints share one budget; the argon2id check runs on {@link CpuWork}, with no connection held.
 */
@ApplicationScoped
public class PasswordCheck {
    private final PasswordHasher hasher;
    private final SignInThrottle throttle;

    PasswordCheck(PasswordHasher hasher, SignInThrottle throttle) {
        this.hasher = hasher;
        this.throttle = throttle;
    }

    /**
     * Counts the attempt (429 with {@code Retry-After} beyond the limits), then reads the credential and checks
     * {@code password} against its hash (none: a dummy check of the same cost). The credential when the password
     * is right, null when it is wrong or there is none.
     *
     * @param email      normalised: the account the attempt counts against
     * @param credential read once the attempt is admitted; its item may be null
     * @param hashOf     the argon2id hash of a credential, may be null
     */
    public <T> Uni<T> verify(String email, ClientInfo client, String password, Supplier<Uni<T>> credential,
            Function<T, String> hashOf) {
        return throttle.admit(email, client)
                .chain(() -> credential.get())
                .chain(found -> hasher.verify(password, found == null ? null : hashOf.apply(found))
                        .onFailure(CpuWork::isSaturated).call(() -> throttle.notChecked(email, client))
                        .chain(matches -> matches
                                ? throttle.succeeded(email, client).replaceWith(found)
                                : Uni.createFrom().<T>nullItem()));
    }
}
