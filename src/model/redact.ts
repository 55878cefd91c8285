// The one place that knows what a secret looks like. Every answer read from an endpoint (see
// redactingFetch), every error message tunebench records or prints, and every file it writes pass
// a Redactor: endpoints (proxies, prompt-injected models) can echo the request headers, key and all.
import type { Config } from "../config/schema.js";
import type { ResolvedEndpoint } from "./types.js";

/** What a removed secret reads as. */
export const REDACTED = "***";
/** Shorter "keys" are placeholders ("none", "sim"); replacing them would mangle ordinary words. */
export const MIN_SECRET_LENGTH = 8;

export interface Redactor {
  /** Text that is stored or shown: without the known secrets and any Authorization/api-key value. */
  text(value: string): string;
  /**
   * An error message: text(), and anything shaped like an OpenAI key, since providers echo masked
   * keys (sk-proj-…abcd) that match no configured value. Not applied to stored text, where a case
   * id such as "sk-greeting" must survive.
   */
  message(value: string): string;
}

// Header values as proxies echo them: `Authorization: Bearer x`, `"api-key":"x"`, also inside
// JSON-escaped text (\"api-key\":\"x\"), as answers and logs hold them.
const LABELLED =
  /\b((?:proxy-)?authorization|api-key)(\\*["']?\s*[:=]\s*\\*["']?)((?:Bearer|Basic|Token)\s+)?[^\s"'\\,;&<>{}]{8,}/gi;
// A bare credential; it must hold a digit, so prose ("Bearer instruments") is left alone.
const SCHEME = /\b(Bearer|Basic) +(?=[^\s"'\\]*\d)[A-Za-z0-9._~+/=-]{8,}/g;
const OPENAI_KEY = /\bsk-[A-Za-z0-9_*.-]{4,}/g;
/** Header names whose values are credentials. */
const SECRET_HEADER = /auth|key|token|secret|passw|cookie|signature|credential/i;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A Redactor for these secret values (short ones are ignored), plus the header patterns. */
export function createRedactor(secrets: Iterable<string | undefined>): Redactor {
  const forms = new Set<string>();
  for (const secret of secrets) {
    const value = secret?.trim();
    if (!value || value.length < MIN_SECRET_LENGTH) continue;
    // As written, and as it reads inside JSON text (escaped quotes, backslashes, `\/`).
    const json = JSON.stringify(value).slice(1, -1);
    for (const form of [value, json, json.replaceAll("/", "\\/")]) forms.add(form);
  }
  // Longest first, so a secret that contains another is removed whole.
  const literal = forms.size
    ? new RegExp(
        [...forms]
          .sort((a, b) => b.length - a.length)
          .map(escapeRegExp)
          .join("|"),
        "g",
      )
    : null;
  const text = (value: string): string => {
    // Nothing shorter holds a secret (MIN_SECRET_LENGTH) or a labelled/Bearer value: most report
    // strings (ids, names) are this short, and redactDeep passes every one.
    if (value.length < MIN_SECRET_LENGTH) return value;
    const out = (literal ? value.replace(literal, REDACTED) : value).replace(LABELLED, `$1$2$3${REDACTED}`);
    // includes() first: the scheme pattern costs a few µs per KB, on every answer and log line.
    return out.includes("Bearer") || out.includes("Basic") ? out.replace(SCHEME, `$1 ${REDACTED}`) : out;
  };
  return { text, message: (value) => text(value).replace(OPENAI_KEY, `sk-${REDACTED}`) };
}

/** Redacts by the patterns alone: for text from nowhere in particular. */
export const PATTERNS_ONLY: Redactor = createRedactor([]);

/** The values of headers that look secret (by name, or by a Bearer/Basic value). */
function secretHeaders(headers: Record<string, string> | undefined): string[] {
  return Object.entries(headers ?? {})
    .filter(([name, value]) => SECRET_HEADER.test(name) || /^(Bearer|Basic)\s/i.test(value))
    .map(([, value]) => value);
}

/** What one endpoint sends that must never come back: its key and its secret-looking headers. */
export function endpointSecrets(endpoint: Pick<ResolvedEndpoint, "apiKey" | "headers">): string[] {
  return [endpoint.apiKey, ...secretHeaders(endpoint.headers)];
}

/** For one endpoint's errors: its key and every header value it sends, removed verbatim whatever their shape. */
export function endpointRedactor(endpoint: Pick<ResolvedEndpoint, "apiKey" | "headers">): Redactor {
  return createRedactor([endpoint.apiKey, ...Object.values(endpoint.headers)]);
}

/** Every configured endpoint's key (the value of its apiKeyEnv) and secret-looking header values. */
export function redactorFor(config: Pick<Config, "endpoints">, env: NodeJS.ProcessEnv): Redactor {
  return createRedactor(
    Object.values(config.endpoints).flatMap((endpoint) => [
      endpoint.apiKeyEnv ? env[endpoint.apiKeyEnv] : undefined,
      endpoint.azure?.tokenEnv ? env[endpoint.azure.tokenEnv] : undefined,
      ...secretHeaders(endpoint.headers),
    ]),
  );
}

/** A property of its own, as Object.fromEntries makes it (a "__proto__" key stays a key). */
const own = (target: Record<string, unknown>, key: string, value: unknown) =>
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });

/**
 * Plain data (objects, arrays) with every string and key redacted. Copied only where something
 * changed: a 100,000-case report without secrets is not held twice.
 */
export function redactDeep<T>(value: T, redact: (text: string) => string): T {
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const clean = redactDeep(item, redact);
      if (clean !== item && copy === null) copy = value.slice(0, i);
      copy?.push(clean);
    }
    return (copy ?? value) as T;
  }
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    // No entries list per object: a 100,000-case report has a million of them.
    const source = value as Record<string, unknown>;
    const keys = Object.keys(source);
    let copy: Record<string, unknown> | null = null;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const item = source[key];
      const cleanKey = redact(key);
      const clean = redactDeep(item, redact);
      if (copy === null && (cleanKey !== key || clean !== item)) {
        copy = {};
        for (const earlier of keys.slice(0, i)) own(copy, earlier, source[earlier]);
      }
      if (copy) own(copy, cleanKey, clean);
    }
    return (copy ?? value) as T;
  }
  return value;
}
