/** Users of a given role on a test stack, made straight in its database, then signed in through the API. */
import postgres from 'postgres';
import { hashPassword } from '../../functions/src/auth/password';
import { client } from './http';

export async function signedInAs(
  stack: { url: string; ownerUrl: string },
  role: 'owner' | 'admin' | 'member',
  username: string,
) {
  const password = `${username} password 123`;
  const sql = postgres(stack.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const hash = await hashPassword(password);
    await sql`
      insert into users (username, password_hash, role) values (${username}, ${hash}, ${role})
      on conflict (lower(username)) do update set password_hash = excluded.password_hash, role = excluded.role`;
  } finally {
    await sql.end();
  }
  const api = client(stack.url);
  const login = await api.call('POST', '/api/auth/login', { username, password });
  if (login.status !== 200) throw new Error(`could not sign in ${username}: ${login.status}`);
  return api;
}
