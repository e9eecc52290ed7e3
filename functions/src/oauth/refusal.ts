/** A sign-in that ends on the sign-in page with `?error=<code>`, not as a JSON error. */
export class SignInRefused extends Error {
  override name = 'SignInRefused';
  constructor(
    readonly code: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(code);
  }
}
