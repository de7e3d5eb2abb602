package dev.mosaic.auth.crypto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Argon2id (RFC 9106, version 0x13) that fills one reusable memory per thread instead of allocating it per hash.
 * <p>
 * Why not Bouncy Castle's {@code Argon2BytesGenerator}: it allocates the whole memory (19 MiB as 19 456 objects of
 * 1 KiB) for every hash. Those objects live as long as the hash, longer than a young collection apart, so the
 * serial collector promoted them and filled the old generation: under a sign-in flood auth-service spent about 70 %
 * of its wall-clock time in collector pauses, a full collection every 0.3 s. Here each thread that hashes (the
 * {@link CpuWork} pool: one per core) keeps one {@code long[]} of the memory size and overwrites it, so a hash
 * allocates a few small arrays only; the memory is cleared after each hash. Bouncy Castle still provides
 * Blake2b, and {@code Argon2MemoryTest} checks every output against its generator.
 */
final class Argon2Memory {
    private static final int VERSION = 0x13;
    private static final int TYPE_ID = 2;
    private static final int SLICES = 4;
    private static final int BLOCK_LONGS = 128;
    private static final int BLOCK_BYTES = BLOCK_LONGS * 8;
    private static final ThreadLocal<long[]> MEMORY = new ThreadLocal<>();

    private final long[] memory;
    private final int lanes;
    private final int iterations;
    private final int segmentLength;
    private final int laneLength;
    private final int blockCount;
    private final long[] rowColumn = new long[BLOCK_LONGS];
    private final long[] beforeRounds = new long[BLOCK_LONGS];
    private final long[] zero = new long[BLOCK_LONGS];
    private final long[] input = new long[BLOCK_LONGS];
    private final long[] addresses = new long[BLOCK_LONGS];

    private Argon2Memory(int memoryKib, int iterations, int lanes) {
        this.lanes = lanes;
        this.iterations = iterations;
        this.segmentLength = Math.max(memoryKib, 2 * SLICES * lanes) / (lanes * SLICES);
        this.laneLength = segmentLength * SLICES;
        this.blockCount = laneLength * lanes;
        this.memory = memoryOfThisThread(blockCount * BLOCK_LONGS);
    }

    /** The raw Argon2id tag of {@code password} and {@code salt}, {@code length} bytes long. */
    static byte[] derive(byte[] password, byte[] salt, int memoryKib, int iterations, int lanes, int length) {
        if (lanes < 1 || iterations < 1 || length < 4 || memoryKib < 2 * SLICES * lanes) {
            throw new IllegalArgumentException("Argon2 parameters out of range: m=" + memoryKib + ", t=" + iterations
                    + ", p=" + lanes + ", length " + length);
        }
        Argon2Memory argon = new Argon2Memory(memoryKib, iterations, lanes);
        try {
            return argon.run(password, salt, memoryKib, length);
        } finally {
            Arrays.fill(argon.memory, 0, argon.blockCount * BLOCK_LONGS, 0L);
        }
    }

    private static long[] memoryOfThisThread(int longs) {
        long[] memory = MEMORY.get();
        if (memory == null || memory.length < longs) {
            memory = new long[longs];
            MEMORY.set(memory);
        }
        return memory;
    }

    private byte[] run(byte[] password, byte[] salt, int memoryKib, int length) {
        byte[] h0 = initialHash(password, salt, memoryKib, length);
        byte[] seed = Arrays.copyOf(h0, h0.length + 8);
        byte[] block = new byte[BLOCK_BYTES];
        for (int lane = 0; lane < lanes; lane++) {
            for (int column = 0; column < 2; column++) {
                putInt(seed, h0.length, column);
                putInt(seed, h0.length + 4, lane);
                variableLengthHash(seed, block);
                ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer()
                        .get(memory, (lane * laneLength + column) * BLOCK_LONGS, BLOCK_LONGS);
            }
        }
        for (int pass = 0; pass < iterations; pass++) {
            for (int slice = 0; slice < SLICES; slice++) {
                for (int lane = 0; lane < lanes; lane++) {
                    fillSegment(pass, slice, lane);
                }
            }
        }
        long[] last = new long[BLOCK_LONGS];
        for (int lane = 0; lane < lanes; lane++) {
            int offset = (lane * laneLength + laneLength - 1) * BLOCK_LONGS;
            for (int i = 0; i < BLOCK_LONGS; i++) {
                last[i] ^= memory[offset + i];
            }
        }
        ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(last);
        byte[] tag = new byte[length];
        variableLengthHash(block, tag);
        return tag;
    }

    private byte[] initialHash(byte[] password, byte[] salt, int memoryKib, int length) {
        Blake2bDigest blake = new Blake2bDigest(512);
        for (int parameter : new int[] {lanes, length, memoryKib, iterations, VERSION, TYPE_ID}) {
            updateInt(blake, parameter);
        }
        for (byte[] field : new byte[][] {password, salt, {}, {}}) {
            updateInt(blake, field.length);
            blake.update(field, 0, field.length);
        }
        byte[] h0 = new byte[64];
        blake.doFinal(h0, 0);
        return h0;
    }

    private void fillSegment(int pass, int slice, int lane) {
        boolean dataIndependent = pass == 0 && slice < 2;
        int start = pass == 0 && slice == 0 ? 2 : 0;
        if (dataIndependent) {
            Arrays.fill(input, 0L);
            input[0] = pass;
            input[1] = lane;
            input[2] = slice;
            input[3] = blockCount;
            input[4] = iterations;
            input[5] = TYPE_ID;
            if (start == 2) {
                nextAddresses();
            }
        }
        int current = lane * laneLength + slice * segmentLength + start;
        int previous = current % laneLength == 0 ? current + laneLength - 1 : current - 1;
        for (int index = start; index < segmentLength; index++, current++, previous++) {
            if (current % laneLength == 1) {
                previous = current - 1;
            }
            long pseudoRandom;
            if (dataIndependent) {
                if (index % BLOCK_LONGS == 0) {
                    nextAddresses();
                }
                pseudoRandom = addresses[index % BLOCK_LONGS];
            } else {
                pseudoRandom = memory[previous * BLOCK_LONGS];
            }
            int referenceLane = pass == 0 && slice == 0 ? lane : (int) ((pseudoRandom >>> 32) % lanes);
            int reference = referenceLane * laneLength
                    + referenceIndex(pass, slice, index, pseudoRandom & 0xFFFFFFFFL, referenceLane == lane);
            compress(memory, previous * BLOCK_LONGS, memory, reference * BLOCK_LONGS, memory, current * BLOCK_LONGS,
                    pass > 0);
        }
    }

    private int referenceIndex(int pass, int slice, int index, long random32, boolean sameLane) {
        long areaSize;
        if (pass == 0) {
            areaSize = slice == 0 ? index - 1
                    : sameLane ? (long) slice * segmentLength + index - 1
                    : (long) slice * segmentLength + (index == 0 ? -1 : 0);
        } else {
            areaSize = sameLane ? laneLength - segmentLength + index - 1
                    : laneLength - segmentLength + (index == 0 ? -1 : 0);
        }
        long x = (random32 * random32) >>> 32;
        long relative = areaSize - 1 - ((areaSize * x) >>> 32);
        long startPosition = pass != 0 && slice != SLICES - 1 ? (long) (slice + 1) * segmentLength : 0;
        return (int) ((startPosition + relative) % laneLength);
    }

    private void nextAddresses() {
        input[6]++;
        compress(zero, 0, input, 0, addresses, 0, false);
        compress(zero, 0, addresses, 0, addresses, 0, false);
    }

    /** RFC 9106 G: {@code out = P(previous ^ reference) ^ (previous ^ reference) [^ out]}. */
    private void compress(long[] previousArray, int previous, long[] referenceArray, int reference, long[] outArray,
            int out, boolean withXor) {
        long[] r = rowColumn;
        for (int i = 0; i < BLOCK_LONGS; i++) {
            r[i] = previousArray[previous + i] ^ referenceArray[reference + i];
        }
        System.arraycopy(r, 0, beforeRounds, 0, BLOCK_LONGS);
        if (withXor) {
            for (int i = 0; i < BLOCK_LONGS; i++) {
                beforeRounds[i] ^= outArray[out + i];
            }
        }
        for (int row = 0; row < 8; row++) {
            int b = 16 * row;
            round(r, b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8, b + 9, b + 10, b + 11, b + 12, b + 13,
                    b + 14, b + 15);
        }
        for (int column = 0; column < 8; column++) {
            int b = 2 * column;
            round(r, b, b + 1, b + 16, b + 17, b + 32, b + 33, b + 48, b + 49, b + 64, b + 65, b + 80, b + 81, b + 96,
                    b + 97, b + 112, b + 113);
        }
        for (int i = 0; i < BLOCK_LONGS; i++) {
            outArray[out + i] = beforeRounds[i] ^ r[i];
        }
    }

    private static void round(long[] v, int v0, int v1, int v2, int v3, int v4, int v5, int v6, int v7, int v8,
            int v9, int v10, int v11, int v12, int v13, int v14, int v15) {
        mix(v, v0, v4, v8, v12);
        mix(v, v1, v5, v9, v13);
        mix(v, v2, v6, v10, v14);
        mix(v, v3, v7, v11, v15);
        mix(v, v0, v5, v10, v15);
        mix(v, v1, v6, v11, v12);
        mix(v, v2, v7, v8, v13);
        mix(v, v3, v4, v9, v14);
    }

    private static void mix(long[] v, int a, int b, int c, int d) {
        v[a] = blaMka(v[a], v[b]);
        v[d] = Long.rotateRight(v[d] ^ v[a], 32);
        v[c] = blaMka(v[c], v[d]);
        v[b] = Long.rotateRight(v[b] ^ v[c], 24);
        v[a] = blaMka(v[a], v[b]);
        v[d] = Long.rotateRight(v[d] ^ v[a], 16);
        v[c] = blaMka(v[c], v[d]);
        v[b] = Long.rotateRight(v[b] ^ v[c], 63);
    }

    private static long blaMka(long x, long y) {
        return x + y + 2 * (x & 0xFFFFFFFFL) * (y & 0xFFFFFFFFL);
    }

    /** RFC 9106 H': Blake2b stretched to {@code out.length} bytes. */
    private static void variableLengthHash(byte[] in, byte[] out) {
        byte[] lengthPrefix = new byte[4];
        putInt(lengthPrefix, 0, out.length);
        if (out.length <= 64) {
            Blake2bDigest blake = new Blake2bDigest(out.length * 8);
            blake.update(lengthPrefix, 0, 4);
            blake.update(in, 0, in.length);
            blake.doFinal(out, 0);
            return;
        }
        byte[] v = new byte[64];
        Blake2bDigest blake = new Blake2bDigest(512);
        blake.update(lengthPrefix, 0, 4);
        blake.update(in, 0, in.length);
        blake.doFinal(v, 0);
        System.arraycopy(v, 0, out, 0, 32);
        int position = 32;
        int remaining = out.length - 32;
        while (remaining > 64) {
            blake.update(v, 0, 64);
            blake.doFinal(v, 0);
            System.arraycopy(v, 0, out, position, 32);
            position += 32;
            remaining -= 32;
        }
        Blake2bDigest lastDigest = new Blake2bDigest(remaining * 8);
        lastDigest.update(v, 0, 64);
        lastDigest.doFinal(out, position);
    }

    private static void updateInt(Blake2bDigest blake, int value) {
        byte[] bytes = new byte[4];
        putInt(bytes, 0, value);
        blake.update(bytes, 0, 4);
    }

    private static void putInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) value;
        bytes[offset + 1] = (byte) (value >>> 8);
        bytes[offset + 2] = (byte) (value >>> 16);
        bytes[offset + 3] = (byte) (value >>> 24);
    }
}
