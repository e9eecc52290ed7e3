/**
 * A rough password-strength hint for the first-run form. The server enforces only the 12-character
 * minimum; this nudges towards length, which matters far more than symbols.
 */
export const minPasswordLength = 12;

export type Strength = { level: 0 | 1 | 2 | 3; text: string };

export function passwordStrength(password: string): Strength {
  if (password.length === 0) return { level: 0, text: `At least ${minPasswordLength} characters.` };
  if (password.length < minPasswordLength) {
    const left = minPasswordLength - password.length;
    return { level: 0, text: `Too short: ${left} more character${left === 1 ? '' : 's'} needed.` };
  }
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  const repetitive = new Set(password).size < password.length / 3;
  if (repetitive) return { level: 1, text: 'Weak: too many repeated characters.' };
  if (password.length >= 16 || (password.length >= 14 && kinds >= 3)) {
    return { level: 3, text: 'Strong.' };
  }
  return kinds >= 3
    ? { level: 2, text: 'Fair: a few more characters would make it strong.' }
    : { level: 1, text: 'Weak: make it longer, or mix in digits and symbols.' };
}
