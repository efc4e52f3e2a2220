/**
 * GitHub expressions built by a helper, so `${{ }}` never collides with JavaScript's
 * `${}` and every expression in a template is greppable: `expr("github.token")`.
 */
declare const exprBrand: unique symbol;
/** A string holding exactly one `${{ ... }}` expression. */
export type Expr = string & { readonly [exprBrand]: true };

export function expr(body: string): Expr {
  if (body.includes("${{") || body.includes("}}"))
    throw new Error(`bug: expr() takes the inside of an expression, got ${body}`);
  return `\${{ ${body.trim()} }}` as Expr;
}

/** `secrets.NAME`, with the name checked so a typo cannot make an expression of something else. */
export function secret(name: string): Expr {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`bug: not a secret name: ${name}`);
  return expr(`secrets.${name}`);
}

/** Whether a string contains an expression (the renderer refuses them inside `run:`). */
export const hasExpression = (text: string): boolean => text.includes("${{");
