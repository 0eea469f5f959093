import { getRandomValues } from "node:crypto";
import { generateRandomString, type RandomReader } from "@oslojs/crypto/random";

export const cryptoRandom: RandomReader = {
  read(bytes) {
    getRandomValues(bytes);
  },
};

const BASE32_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** A random lower-case base32 string; 24 characters carry 120 bits. */
export function randomToken(length = 24): string {
  return generateRandomString(cryptoRandom, BASE32_ALPHABET, length);
}

export function randomDigits(length: number): string {
  return generateRandomString(cryptoRandom, "0123456789", length);
}
