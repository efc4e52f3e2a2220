/**
 * GitHub expressions (`${{ … }}`) read with a small parser, to answer one question:
 * which context values can end up in the text an expression expands to. `a || b` may
 * give either; `a && b` gives `b` (or a falsy `a`, which is empty); `format()`, `join()`,
 * `toJSON()` and `fromJSON()` carry their arguments through; comparisons, `!`,
 * `contains()`, `startsWith()` and the status functions give only booleans. Pure.
 */

type Node =
  | { kind: "path"; path: string }
  | { kind: "literal"; value?: string }
  | { kind: "or" | "and"; items: Node[] }
  | { kind: "bool" }
  | { kind: "call"; name: string; args: Node[] };

const TOKEN =
  /\s*(?:('(?:[^']|'')*')|(\d+(?:\.\d+)?|true\b|false\b|null\b)|([A-Za-z_][\w-]*)|(\|\||&&|==|!=|<=|>=|[<>!()[\],.*]))/y;

function tokenize(text: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (TOKEN.lastIndex < text.length && (m = TOKEN.exec(text))) {
    if (m[1] !== undefined) out.push(`'${m[1].slice(1, -1).replace(/''/g, "'")}`);
    else if (m[2] !== undefined) out.push("#");
    else out.push(m[3] ?? m[4]!);
  }
  return out;
}

/** The tokens of one expression and the reading position: what the grammar's functions below share. */
class Tokens {
  private i = 0;
  constructor(private readonly t: readonly string[]) {}
  peek(ahead = 0): string | undefined {
    return this.t[this.i + ahead];
  }
  next(): string | undefined {
    return this.t[this.i++];
  }
}

/** Parse an expression body (without `${{ }}`); an unreadable one is kept as one opaque path. */
function parse(text: string): Node {
  try {
    return orExpr(new Tokens(tokenize(text)));
  } catch {
    return { kind: "path", path: text.trim() };
  }
}

/** `a || b || …`: any of the items. */
function orExpr(t: Tokens): Node {
  const items = [andExpr(t)];
  while (t.peek() === "||") t.next(), items.push(andExpr(t));
  return items.length === 1 ? items[0]! : { kind: "or", items };
}

/** `a && b && …`: the last item (or a falsy earlier one). */
function andExpr(t: Tokens): Node {
  const items = [comparison(t)];
  while (t.peek() === "&&") t.next(), items.push(comparison(t));
  return items.length === 1 ? items[0]! : { kind: "and", items };
}

/** A comparison gives only a boolean. */
function comparison(t: Tokens): Node {
  const left = unary(t);
  if (!["==", "!=", "<", ">", "<=", ">="].includes(t.peek() ?? "")) return left;
  t.next();
  unary(t);
  return { kind: "bool" };
}

/** `!x` gives only a boolean. */
function unary(t: Tokens): Node {
  if (t.peek() !== "!") return primary(t);
  t.next();
  unary(t);
  return { kind: "bool" };
}

/** A parenthesised expression, a literal, a function call or a context path. */
function primary(t: Tokens): Node {
  const tok = t.next();
  if (tok === "(") {
    const inner = orExpr(t);
    if (t.peek() === ")") t.next();
    return inner;
  }
  if (tok?.startsWith("'")) return { kind: "literal", value: tok.slice(1) };
  if (tok === "#" || !tok || !/^[A-Za-z_]/.test(tok)) return { kind: "literal" };
  return t.peek() === "(" ? call(t, tok) : contextPath(t, tok);
}

/** `name(arg, …)`, the opening parenthesis next. */
function call(t: Tokens, name: string): Node {
  t.next();
  const args: Node[] = [];
  while (t.peek() !== undefined && t.peek() !== ")") {
    args.push(orExpr(t));
    if (t.peek() === ",") t.next();
  }
  t.next();
  return { kind: "call", name: name.toLowerCase(), args };
}

/** `a.b['c'][x]`: `inputs['tag']` is `inputs.tag`; any other index stands for every key. */
function contextPath(t: Tokens, first: string): Node {
  let path = first;
  for (;;) {
    if (t.peek() === "." && t.peek(1) !== undefined) {
      t.next();
      path += `.${t.next()}`;
    } else if (t.peek() === "[") {
      t.next();
      const literal = t.peek()?.startsWith("'") && t.peek(1) === "]" ? t.peek()!.slice(1) : undefined;
      orExpr(t);
      if (t.peek() === "]") t.next();
      path += `.${literal ?? "*"}`;
    } else return { kind: "path", path };
  }
}

/** Functions whose result carries their arguments' text. */
const CARRIERS = new Set(["format", "join", "tojson", "fromjson"]);

function flows(n: Node): string[] {
  switch (n.kind) {
    case "path":
      return [n.path];
    case "or":
      return n.items.flatMap(flows);
    case "and":
      return flows(n.items.at(-1)!);
    case "call":
      return CARRIERS.has(n.name) ? n.args.flatMap(flows) : [];
    default:
      return [];
  }
}

/** The context paths whose value an expression's text may contain (`inputs.tag`, `github.event.issue.title`). */
export function expandedPaths(expression: string): string[] {
  const body = expression.replace(/^\$\{\{/, "").replace(/\}\}$/, "");
  return [...new Set(flows(parse(body)))];
}

function literals(n: Node): string[] {
  switch (n.kind) {
    case "literal":
      return n.value === undefined ? [] : [n.value];
    case "or":
      return n.items.flatMap(literals);
    case "and":
      return literals(n.items.at(-1)!);
    default:
      return [];
  }
}

/**
 * The string literals an expression may evaluate to (`a && 'macos-15' || 'ubuntu-24.04'`
 * gives both); a literal compared with `==`, or passed to a function, is not one.
 */
export function expandedLiterals(expression: string): string[] {
  const body = expression.replace(/^\$\{\{/, "").replace(/\}\}$/, "");
  return [...new Set(literals(parse(body)))];
}

/** Every `${{ … }}` in a text, with the paths each may paste into it. */
export function expressionsIn(text: string): { expression: string; paths: string[] }[] {
  return [...text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((m) => ({ expression: m[0], paths: expandedPaths(m[1]!) }));
}
