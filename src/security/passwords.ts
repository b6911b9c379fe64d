import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";

/**
 * scrypt from Node's crypto (OpenSSL): memory-hard, maintained with the runtime, and part of node:crypto on Workers
 * (nodejs_compat), where a WASM Argon2 cannot be compiled at run time and a native one cannot load. Cost: one of
 * the settings OWASP's password storage cheat sheet gives as equal in strength, N = 2^15, r = 8, p = 3 (32 MiB),
 * rather than N = 2^17 (128 MiB), which is a Worker's whole memory. Parameters are stored with each hash.
 */
const cost = { N: 2 ** 15, r: 8, p: 3 };
const keyLength = 32;

function derive(password: string, salt: Buffer, options: { N: number; r: number; p: number }): Promise<Buffer> {
  const scryptOptions: ScryptOptions = { ...options, maxmem: 256 * options.N * options.r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, keyLength, scryptOptions, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

/** A hash of nothing anyone knows, checked when the account does not exist so that answer takes as long. */
let decoy: Promise<string> | undefined;

/** Whether the password matches the stored hash; an absent hash still costs one derivation. */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  decoy ??= hashPassword(randomBytes(16).toString("hex"));
  const [scheme, n, r, p, salt, expected] = (stored ?? (await decoy)).split("$");
  if (scheme !== "scrypt" || !salt || !expected) return false;
  const key = await derive(password, Buffer.from(salt, "base64"), { N: Number(n), r: Number(r), p: Number(p) });
  const matches = timingSafeEqual(key, Buffer.from(expected, "base64"));
  return matches && stored !== null && stored !== undefined;
}
