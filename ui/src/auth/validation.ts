/** Client-side checks that mirror edge-api's rules (contract Limits.USERNAME); the server has the last word. */
export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,32}$/;
export const PASSWORD_MIN = 8;
/** bcrypt's limit, in UTF-8 bytes (edge-api refuses longer passwords rather than truncating them). */
export const PASSWORD_MAX = 72;

export interface Credentials {
  username: string;
  password: string;
  confirm?: string;
}

export type FieldErrors = Partial<Record<keyof Credentials, string>>;

export function validateCredentials(c: Credentials, registering: boolean): FieldErrors {
  const errors: FieldErrors = {};
  const username = c.username.trim();
  if (!username) errors.username = 'Enter a username.';
  else if (registering && !USERNAME_PATTERN.test(username))
    errors.username = '3–32 characters: letters, digits, dot, dash or underscore.';
  if (!c.password) errors.password = 'Enter a password.';
  else if (registering && c.password.length < PASSWORD_MIN)
    errors.password = `At least ${PASSWORD_MIN} characters.`;
  else if (registering && new TextEncoder().encode(c.password).length > PASSWORD_MAX)
    errors.password = `At most ${PASSWORD_MAX} bytes.`;
  if (registering && !errors.password && c.confirm !== c.password) errors.confirm = 'The passwords do not match.';
  return errors;
}
