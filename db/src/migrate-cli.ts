/** `npm run db:migrate`: applies migrations with DATABASE_OWNER_URL (falls back to DATABASE_URL). */
import { runMigrations } from './migrate';

const url = process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_OWNER_URL (the schema owner) or DATABASE_URL to run migrations.');
  process.exit(2);
}
const result = await runMigrations(url, { appRole: process.env.DATABASE_APP_ROLE });
console.log(
  JSON.stringify({ level: 'info', msg: 'migrations applied', appRoleGranted: result.appRoleGranted }),
);
