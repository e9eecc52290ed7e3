/** What sign-up and sign-in accept and what they return: the names scripts and the CLI rely on. */
import { type UserRole, userRoles } from '@homelab/db/schema';
import { z } from '@hono/zod-openapi';

export const credentialsSchema = z
  .object({
    username: z
      .string()
      .trim()
      .min(3, 'Use at least 3 characters')
      .max(64, 'Use at most 64 characters')
      .regex(/^[A-Za-z0-9._-]+$/, 'Use letters, digits, dots, dashes or underscores'),
    password: z.string().min(1, 'Enter the password').max(256, 'Use at most 256 characters'),
  })
  .openapi('Credentials');

export const newPasswordSchema = z
  .string()
  .min(12, 'Use at least 12 characters')
  .max(256, 'Use at most 256 characters');

export const userSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    role: z.enum(userRoles),
    createdAt: z.string(),
  })
  .openapi('User');

export const toUser = (u: { id: string; username: string; role: UserRole; createdAt: Date }) => ({
  id: u.id,
  username: u.username,
  role: u.role,
  createdAt: u.createdAt.toISOString(),
});
