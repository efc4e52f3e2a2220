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

/** Parse an expression body (without `${{ }}`); an unreadable one is kept as one opaque path. */
function parse(text: string): Node {
  const t = tokenize(text);
  let i = 0;
  const peek = () => t[i];
  const next = () => t[i++];
  const or = (): Node => {
    const items = [and()];
    while (peek() === "||") next(), items.push(and());
    return items.length === 1 ? items[0]! : { kind: "or", items };
  };
  const and = (): Node => {
    const items = [cmp()];
    while (peek() === "&&") next(), items.push(cmp());
    return items.length === 1 ? items[0]! : { kind: "and", items };
  };
  const cmp = (): Node => {
    const left = unary();
    if (["==", "!=", "<", ">", "<=", ">="].includes(peek() ?? "")) {
      next();
      unary();
      return { kind: "bool" };
    }
    return left;
  };
  const unary = (): Node => {
    if (peek() === "!") {
      next();
      unary();
      return { kind: "bool" };
    }
    return primary();
  };
  const primary = (): Node => {
    const tok = next();
    if (tok === "(") {
      const inner = or();
      if (peek() === ")") next();
      return inner;
    }
    if (tok?.startsWith("'")) return { kind: "literal", value: tok.slice(1) };
    if (tok === "#") return { kind: "literal" };
    if (tok && /^[A-Za-z_]/.test(tok)) {
      if (peek() === "(") {
        next();
        const args: Node[] = [];
        while (peek() !== undefined && peek() !== ")") {
          args.push(or());
          if (peek() === ",") next();
        }
        next();
        return { kind: "call", name: tok.toLowerCase(), args };
      }
      let path = tok;
      for (;;) {
        if (peek() === "." && t[i + 1] !== undefined) {
          next();
          path += `.${next()}`;
        } else if (peek() === "[") {
          next();
          // `inputs['tag']` is `inputs.tag`; any other index stands for every key.
          const literal = t[i]?.startsWith("'") && t[i + 1] === "]" ? t[i]!.slice(1) : undefined;
          or();
          if (peek() === "]") next();
          path += `.${literal ?? "*"}`;
        } else break;
      }
      return { kind: "path", path };
    }
    return { kind: "literal" };
  };
  try {
    return or();
  } catch {
    return { kind: "path", path: text.trim() };
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
