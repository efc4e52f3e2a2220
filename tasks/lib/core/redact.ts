/**
 * Secrets never reach the screen, a file or an error message. Every value that is
 * secret is registered here once (tokens, passwords, keys) and every line printed
 * goes through `redact`.
 */
const secrets = new Set<string>();

/** Secret-looking environment variable names whose values are redacted automatically. */
const SECRET_ENV = /(TOKEN|PASSWORD|SECRET|PRIVATE_KEY|CERTIFICATE|API_KEY)$/i;

export function registerSecret(value: string | undefined | null): void {
  if (!value) return;
  const v = value.trim();
  // Very short values would redact ordinary words; they are not real secrets either.
  if (v.length >= 6) secrets.add(v);
  // A multi-line secret (a key, a base64 certificate) may be printed line by line.
  for (const line of v.split(/\r?\n/)) if (line.trim().length >= 12) secrets.add(line.trim());
}

export function registerSecretsFromEnv(env: NodeJS.ProcessEnv | Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(env)) if (SECRET_ENV.test(name)) registerSecret(value);
}

export function redact(text: string): string {
  let out = text;
  // Longest first, so a secret that contains another is replaced whole.
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join("***");
  // Tokens embedded in URLs (https://user:token@host) even when not registered.
  out = out.replace(/(https?:\/\/[^\s:/@]+:)[^\s@/]+@/g, "$1***@");
  return out;
}

/** For tests: forget every registered secret. */
export function clearSecrets(): void {
  secrets.clear();
}
