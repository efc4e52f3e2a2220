/**
 * A small schema builder for release.config.ts: strict objects, strings with checks,
 * numbers, booleans, enums, arrays, records, unions, defaults and refinements, with the
 * input and output types inferred. It replaces zod, whose every entry point loads 95
 * modules (65 of them locales) on each run that reads a config: about 0.1 s of
 * `gen-workflows --check`, which CI runs cold. Issues carry a path and a message, and
 * every issue of a value is reported, not only the first.
 */

export type Path = (string | number)[];

export interface Issue {
  code: "invalid_type" | "too_small" | "invalid_format" | "invalid_value" | "unrecognized_keys" | "custom";
  path: Path;
  message: string;
  /** the unknown keys (unrecognized_keys) */
  keys?: string[];
}

export type SafeParse<T> =
  | { success: true; data: T; error?: undefined }
  | { success: false; data?: undefined; error: { issues: Issue[] } };

/** What a refinement is given to report with: an issue's path is relative to the refined value. */
export interface RefineContext {
  addIssue(i: { code: "custom"; message: string; path?: Path }): void;
}

const INVALID: unique symbol = Symbol("invalid");
type Result<T> = T | typeof INVALID;

/** What a value is, in an issue's words: `string`, `number`, `array`, `null`, `object`, ... */
const kindOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export abstract class Schema<Out, In = Out> {
  /** type-level only: what parsing returns and what it accepts */
  declare readonly _output: Out;
  declare readonly _input: In;
  /** the kind of value this schema takes, for "expected …" messages */
  abstract readonly expects: string;

  abstract run(value: unknown, path: Path, issues: Issue[]): Result<Out>;

  optional(): Schema<Out | undefined, In | undefined> {
    return new WhenUndefined<Out | undefined, In>(this, () => undefined);
  }
  /** undefined becomes `value` (a fresh copy each time) */
  default(value: Out): Schema<Out, In | undefined> {
    return new WhenUndefined<Out, In>(this, () => structuredClone(value));
  }
  /** undefined is parsed as `value`, so its own defaults apply (`prefault({})` for a section) */
  prefault(value: In): Schema<Out, In | undefined> {
    return new WhenUndefined<Out, In>(this, (path, issues) => this.run(structuredClone(value), path, issues));
  }
  /** a check run once the value is valid; the issue goes to `path` below the value's own */
  refine(check: (v: Out) => boolean, message: string | { message: string; path?: Path }): Schema<Out, In> {
    const m = typeof message === "string" ? { message } : message;
    return this.superRefine((v, ctx) => {
      if (!check(v)) ctx.addIssue({ code: "custom", message: m.message, ...(m.path ? { path: m.path } : {}) });
    });
  }
  superRefine(fn: (v: Out, ctx: RefineContext) => void): Schema<Out, In> {
    return new Refined(this, fn);
  }

  /**
   * The dotted path of every key an object within this schema declares (`github.apiUrl`,
   * `lockfiles[].path`; a record's values under `.*`), in declaration order: what the
   * configuration page must document.
   */
  keyPaths(_prefix = ""): string[] {
    return [];
  }

  safeParse(value: unknown): SafeParse<Out> {
    const issues: Issue[] = [];
    const out = this.run(value, [], issues);
    return out === INVALID || issues.length ? { success: false, error: { issues } } : { success: true, data: out };
  }
  parse(value: unknown): Out {
    const r = this.safeParse(value);
    if (!r.success)
      throw new Error(r.error.issues.map((i) => `${i.path.join(".") || "(top level)"}: ${i.message}`).join("\n"));
    return r.data;
  }
}

export type Output<S> = S extends Schema<infer O, unknown> ? O : never;
export type Input<S> = S extends Schema<unknown, infer I> ? I : never;

class WhenUndefined<Out, In> extends Schema<Out, In | undefined> {
  readonly expects: string;
  constructor(
    private readonly inner: Schema<unknown, unknown>,
    private readonly fallback: (path: Path, issues: Issue[]) => Result<Out>,
  ) {
    super();
    this.expects = inner.expects;
  }
  run(value: unknown, path: Path, issues: Issue[]): Result<Out> {
    return value === undefined ? this.fallback(path, issues) : (this.inner.run(value, path, issues) as Result<Out>);
  }
  override keyPaths(prefix = ""): string[] {
    return this.inner.keyPaths(prefix);
  }
}

class Refined<Out, In> extends Schema<Out, In> {
  readonly expects: string;
  constructor(
    private readonly inner: Schema<Out, In>,
    private readonly fn: (v: Out, ctx: RefineContext) => void,
  ) {
    super();
    this.expects = inner.expects;
  }
  run(value: unknown, path: Path, issues: Issue[]): Result<Out> {
    const out = this.inner.run(value, path, issues);
    if (out === INVALID) return INVALID;
    let failed = false;
    this.fn(out, {
      addIssue: (i) => {
        failed = true;
        issues.push({ code: "custom", message: i.message, path: [...path, ...(i.path ?? [])] });
      },
    });
    return failed ? INVALID : out;
  }
  override keyPaths(prefix = ""): string[] {
    return this.inner.keyPaths(prefix);
  }
}

type StringCheck = (v: string) => Omit<Issue, "path"> | undefined;

class StringSchema extends Schema<string> {
  readonly expects = "string";
  constructor(private readonly checks: readonly StringCheck[] = []) {
    super();
  }
  private with(check: StringCheck): StringSchema {
    return new StringSchema([...this.checks, check]);
  }
  min(n: number): StringSchema {
    return this.with((v) =>
      v.length >= n
        ? undefined
        : { code: "too_small", message: n === 1 ? "must not be empty" : `must be at least ${n} characters` },
    );
  }
  regex(re: RegExp, message: string): StringSchema {
    return this.with((v) => (re.test(v) ? undefined : { code: "invalid_format", message }));
  }
  url(): StringSchema {
    return this.with((v) => {
      try {
        new URL(v);
        return undefined;
      } catch {
        return { code: "invalid_format", message: "must be a URL" };
      }
    });
  }
  run(value: unknown, path: Path, issues: Issue[]): Result<string> {
    if (typeof value !== "string") return invalidType(this, value, path, issues);
    let ok = true;
    for (const check of this.checks) {
      const issue = check(value);
      if (issue) {
        issues.push({ ...issue, path });
        ok = false;
      }
    }
    return ok ? value : INVALID;
  }
}

class NumberSchema extends Schema<number> {
  readonly expects = "number";
  constructor(private readonly checks: readonly ((v: number) => string | undefined)[] = []) {
    super();
  }
  private with(check: (v: number) => string | undefined): NumberSchema {
    return new NumberSchema([...this.checks, check]);
  }
  int(): NumberSchema {
    return this.with((v) => (Number.isInteger(v) ? undefined : "must be a whole number"));
  }
  nonnegative(): NumberSchema {
    return this.with((v) => (v >= 0 ? undefined : "must be 0 or more"));
  }
  positive(): NumberSchema {
    return this.with((v) => (v > 0 ? undefined : "must be more than 0"));
  }
  run(value: unknown, path: Path, issues: Issue[]): Result<number> {
    if (typeof value !== "number" || Number.isNaN(value)) return invalidType(this, value, path, issues);
    const failed = this.checks.map((c) => c(value)).filter((m): m is string => m !== undefined);
    for (const message of failed) issues.push({ code: "too_small", message, path });
    return failed.length ? INVALID : value;
  }
}

class BooleanSchema extends Schema<boolean> {
  readonly expects = "boolean";
  run(value: unknown, path: Path, issues: Issue[]): Result<boolean> {
    return typeof value === "boolean" ? value : invalidType(this, value, path, issues);
  }
}

class EnumSchema<T extends string> extends Schema<T> {
  readonly expects: string;
  constructor(private readonly values: readonly T[]) {
    super();
    this.expects = values.map((v) => JSON.stringify(v)).join(" | ");
  }
  run(value: unknown, path: Path, issues: Issue[]): Result<T> {
    if (typeof value === "string" && (this.values as readonly string[]).includes(value)) return value as T;
    issues.push({ code: "invalid_value", path, message: `expected one of ${this.expects}, got ${describe(value)}` });
    return INVALID;
  }
}

class ArraySchema<Out, In> extends Schema<Out[], In[]> {
  readonly expects = "array";
  constructor(
    private readonly item: Schema<Out, In>,
    private readonly least = 0,
  ) {
    super();
  }
  min(n: number): ArraySchema<Out, In> {
    return new ArraySchema(this.item, n);
  }
  run(value: unknown, path: Path, issues: Issue[]): Result<Out[]> {
    if (!Array.isArray(value)) return invalidType(this, value, path, issues);
    let ok = true;
    const out = value.map((v, i) => {
      const r = this.item.run(v, [...path, i], issues);
      if (r === INVALID) ok = false;
      return r as Out;
    });
    if (value.length < this.least) {
      issues.push({ code: "too_small", path, message: `must list at least ${this.least}` });
      ok = false;
    }
    return ok ? out : INVALID;
  }
  override keyPaths(prefix = ""): string[] {
    return this.item.keyPaths(`${prefix}[]`);
  }
}

class RecordSchema<Out, In> extends Schema<Record<string, Out>, Record<string, In>> {
  readonly expects = "object";
  constructor(
    private readonly key: Schema<string>,
    private readonly value: Schema<Out, In>,
  ) {
    super();
  }
  run(value: unknown, path: Path, issues: Issue[]): Result<Record<string, Out>> {
    if (!isRecord(value)) return invalidType(this, value, path, issues);
    let ok = true;
    const out: Record<string, Out> = {};
    for (const [k, v] of Object.entries(value)) {
      const key = this.key.run(k, [...path, k], issues);
      const r = this.value.run(v, [...path, k], issues);
      if (key === INVALID || r === INVALID) ok = false;
      else out[k] = r;
    }
    return ok ? out : INVALID;
  }
  override keyPaths(prefix = ""): string[] {
    return this.value.keyPaths(`${prefix}.*`);
  }
}

type Shape = Record<string, Schema<unknown, unknown>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
type OptionalIn<S extends Shape> = { [K in keyof S]: undefined extends Input<S[K]> ? K : never }[keyof S];
type OptionalOut<S extends Shape> = { [K in keyof S]: undefined extends Output<S[K]> ? K : never }[keyof S];
export type ObjectInput<S extends Shape> = Simplify<
  { [K in OptionalIn<S>]?: Input<S[K]> } & { [K in Exclude<keyof S, OptionalIn<S>>]: Input<S[K]> }
>;
export type ObjectOutput<S extends Shape> = Simplify<
  { [K in OptionalOut<S>]?: Output<S[K]> } & { [K in Exclude<keyof S, OptionalOut<S>>]: Output<S[K]> }
>;

class StrictObjectSchema<S extends Shape> extends Schema<ObjectOutput<S>, ObjectInput<S>> {
  readonly expects = "object";
  constructor(readonly shape: S) {
    super();
  }
  run(value: unknown, path: Path, issues: Issue[]): Result<ObjectOutput<S>> {
    if (!isRecord(value)) return invalidType(this, value, path, issues);
    let ok = true;
    const out: Record<string, unknown> = {};
    for (const [k, schema] of Object.entries(this.shape)) {
      const r = schema.run(value[k], [...path, k], issues);
      if (r === INVALID) ok = false;
      // an optional key left out stays out (not present as undefined)
      else if (r !== undefined || k in value) out[k] = r;
    }
    const unknown = Object.keys(value).filter((k) => !Object.hasOwn(this.shape, k));
    if (unknown.length) {
      issues.push({ code: "unrecognized_keys", path, keys: unknown, message: `unknown key(s): ${unknown.join(", ")}` });
      ok = false;
    }
    return ok ? (out as ObjectOutput<S>) : INVALID;
  }
  override keyPaths(prefix = ""): string[] {
    return Object.entries(this.shape).flatMap(([k, schema]) => {
      const key = prefix ? `${prefix}.${k}` : k;
      return [key, ...schema.keyPaths(key)];
    });
  }
}

class UnionSchema<T extends readonly Schema<unknown, unknown>[]> extends Schema<Output<T[number]>, Input<T[number]>> {
  readonly expects: string;
  constructor(private readonly options: T) {
    super();
    this.expects = [...new Set(options.map((o) => o.expects))].join(" or ");
  }
  run(value: unknown, path: Path, issues: Issue[]): Result<Output<T[number]>> {
    const tries: Issue[][] = [];
    for (const option of this.options) {
      const own: Issue[] = [];
      const r = option.run(value, path, own);
      if (r !== INVALID && own.length === 0) return r as Output<T[number]>;
      tries.push(own);
    }
    // the option of the value's own kind says what is wrong inside it; else say which kinds fit
    const sameKind = tries.find((t) => !t.some((i) => i.code === "invalid_type" && i.path.length === path.length));
    if (sameKind) issues.push(...sameKind);
    else issues.push({ code: "invalid_type", path, message: `expected ${this.expects}, got ${describe(value)}` });
    return INVALID;
  }
  override keyPaths(prefix = ""): string[] {
    return [...new Set(this.options.flatMap((o) => o.keyPaths(prefix)))];
  }
}

function describe(value: unknown): string {
  const kind = kindOf(value);
  if (kind === "string") return `string ${JSON.stringify(value)}`;
  return kind === "number" || kind === "boolean" ? `${kind} ${String(value)}` : kind;
}

function invalidType(schema: Schema<unknown, unknown>, value: unknown, path: Path, issues: Issue[]): typeof INVALID {
  issues.push({ code: "invalid_type", path, message: `expected ${schema.expects}, got ${describe(value)}` });
  return INVALID;
}

export const string = () => new StringSchema();
export const number = () => new NumberSchema();
export const boolean = () => new BooleanSchema();
export const enumOf = <const T extends string>(values: readonly T[]) => new EnumSchema<T>(values);
export const array = <Out, In>(item: Schema<Out, In>) => new ArraySchema(item);
export const record = <Out, In>(key: Schema<string>, value: Schema<Out, In>) => new RecordSchema(key, value);
export const strictObject = <S extends Shape>(shape: S) => new StrictObjectSchema(shape);
export const union = <const T extends readonly Schema<unknown, unknown>[]>(options: T) => new UnionSchema(options);
