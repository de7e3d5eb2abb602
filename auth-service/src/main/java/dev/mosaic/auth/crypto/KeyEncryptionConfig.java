package dev.mosaic.auth.crypto;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "mosaic.auth.key-encryption")
public interface KeyEncryptionConfig {
    /**
     * {@code MOSAIC_AUTH_KEY_ENCRYPTION_SECRET}: the keys that seal secrets at rest are derived from it. At
     * least 16 characters, which {@link KeyEncryption} checks rather than a Bean Validation constraint here:
     * one constraint on any mapping makes Quarkus build a validator over every configuration class of every
     * extension at each start (about 0.3 s of CPU on the main thread).
     */
    String secret();
}
