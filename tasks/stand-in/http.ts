/**
 * The stand-in's small routing vocabulary: a route matches a method and a path
 * pattern, says which access it needs, and returns a status and a body.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { Urls } from "./shapes.ts";
import type { StandInRun, StandInState, StandInToken } from "./state.ts";

export type Access = "public" | "user" | "read" | "write" | "admin";

export interface RouteContext {
  state: StandInState;
  urls: Urls;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  token: StandInToken | undefined;
  /** the name the token was registered under ("operator", "actions", ...) */
  tokenName: string | undefined;
  /** JSON body (an empty object when there is none) */
  json(): Record<string, unknown>;
  /** hooks the server provides */
  now(): string;
  resolveCommit(ref: string): string | undefined;
  /** the bare origin the stand-in reads tags from (and guards, for immutable releases) */
  gitDir: string | undefined;
  /** hand a new run to the stand-in's runner (the simulated CI), if it has one */
  runCreated(run: StandInRun): void;
}

export interface Reply {
  status: number;
  body?: unknown;
  /** raw bytes instead of JSON */
  raw?: Buffer;
  contentType?: string;
}

export interface Route {
  method: string;
  /** path pattern with `:name` segments; a trailing `*name` captures the rest */
  path: string;
  access: Access;
  handle(ctx: RouteContext): Reply | Promise<Reply>;
}

export const DOCS = "https://docs.github.com/rest";

export function errorReply(status: number, message: string, extra: Record<string, unknown> = {}): Reply {
  return { status, body: { message, documentation_url: DOCS, status: String(status), ...extra } };
}

export const notFound = () => errorReply(404, "Not Found");

export function validationFailed(resource: string, field: string, code: string): Reply {
  return errorReply(422, "Validation Failed", { errors: [{ resource, code, field }] });
}

/** Compile `/repos/:owner/:repo/releases/:id` into a matcher. */
export function compile(path: string): (pathname: string) => Record<string, string> | null {
  const names: string[] = [];
  const source = path
    .split("/")
    .map((seg) => {
      if (seg.startsWith(":")) {
        names.push(seg.slice(1));
        return "([^/]+)";
      }
      if (seg.startsWith("*")) {
        names.push(seg.slice(1));
        return "(.+)";
      }
      return seg.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  const re = new RegExp(`^${source}/?$`);
  return (pathname) => {
    const m = re.exec(pathname);
    if (!m) return null;
    return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? "")]));
  };
}

export function paginate<T>(items: T[], query: URLSearchParams): T[] {
  const perPage = Math.min(Number(query.get("per_page") ?? 30) || 30, 100);
  const page = Math.max(Number(query.get("page") ?? 1) || 1, 1);
  return items.slice((page - 1) * perPage, page * perPage);
}
