package dev.mosaic.shared.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class Sha256Test {

    @Test
    void hashesAsFips180SaysAndEachDigestStartsAfresh() {
        String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assertEquals(abc, Sha256.hexOf("abc"));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.hexOf(""));
        assertEquals(abc, Sha256.hexOf("abc"), "no state left over from the digests before");
    }
}
