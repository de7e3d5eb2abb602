package dev.mosaic.auth.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

/** Every tag equals Bouncy Castle's, the independent implementation this one replaced (see {@link Argon2Memory}). */
class Argon2MemoryTest {
    @Test
    void randomInputsAndParametersGiveBouncyCastlesTags() {
        Random random = new Random(9106);
        for (int i = 0; i < 150; i++) {
            byte[] password = bytes(random, random.nextInt(40));
            byte[] salt = bytes(random, 8 + random.nextInt(24));
            int lanes = 1 + random.nextInt(4);
            int memoryKib = 8 * lanes + random.nextInt(300);
            int iterations = 1 + random.nextInt(4);
            int length = 4 + random.nextInt(i % 3 == 0 ? 1100 : 64);
            assertArrayEquals(bouncyCastle(password, salt, memoryKib, iterations, lanes, length),
                    Argon2Memory.derive(password, salt, memoryKib, iterations, lanes, length),
                    "m=" + memoryKib + " t=" + iterations + " p=" + lanes + " length " + length);
        }
    }

    @Test
    void theProductionParametersGiveBouncyCastlesTagTwiceInARowOnOneThread() {
        byte[] password = "correct horse battery staple".getBytes();
        byte[] salt = HexFormat.of().parseHex("0123456789abcdef0123456789abcdef");
        byte[] expected = bouncyCastle(password, salt, 19_456, 2, 1, 32);
        assertArrayEquals(expected, Argon2Memory.derive(password, salt, 19_456, 2, 1, 32));
        assertArrayEquals(expected, Argon2Memory.derive(password, salt, 19_456, 2, 1, 32),
                "the reused memory leaves nothing behind that changes the next tag");
    }

    @Test
    void aSmallerHashAfterALargerOneOnTheSameThreadIsUnaffected() {
        byte[] salt = "saltsaltsaltsalt".getBytes();
        Argon2Memory.derive("big".getBytes(), salt, 4096, 1, 2, 32);
        assertArrayEquals(bouncyCastle("small".getBytes(), salt, 64, 3, 1, 32),
                Argon2Memory.derive("small".getBytes(), salt, 64, 3, 1, 32));
    }

    @Test
    void aStoredHashStillVerifies() {
        String stored = Argon2id.hash("the password");
        assertTrue(stored.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), stored);
        assertTrue(Argon2id.verify("the password", stored));
        assertEquals(false, Argon2id.verify("the passwore", stored));
    }

    private static byte[] bouncyCastle(byte[] password, byte[] salt, int memoryKib, int iterations, int lanes,
            int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(memoryKib).withIterations(iterations)
                .withParallelism(lanes).withSalt(salt).build());
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
