/**
 * What a restore must reproduce, per table: its row count and, for tables up to `hashRowLimit`
 * rows, an md5 of every row's text in a fixed order. Taken inside the dump's snapshot, so the numbers
 * describe exactly the rows in the dump; taken again in the restored database, they prove it.
 */
import postgres from 'postgres';

export type TableFingerprint = { table: string; rows: number; md5: string | null };

export const defaultHashRowLimit = 200_000;

/** Session settings that fix how values print, so two servers (or sessions) hash the same text. */
export const stableTextSettings = {
  TimeZone: 'UTC',
  DateStyle: 'ISO, MDY',
  IntervalStyle: 'postgres',
  extra_float_digits: '3',
  bytea_output: 'hex',
} as const;

export function openStable(url: string) {
  return postgres(url, {
    max: 1,
    onnotice: () => {},
    connection: { ...stableTextSettings, application_name: 'homelab-sysbackup' },
  });
}

type Sql = postgres.Sql | postgres.TransactionSql;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Ordinary tables outside the system schemas, as "schema"."name" strings, sorted. */
export async function userTables(sql: Sql): Promise<string[]> {
  const rows = await sql<{ schema: string; name: string }[]>`
    select n.nspname as schema, c.relname as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema')
      and n.nspname not like 'pg\_%'
    order by 1, 2`;
  return rows.map((row) => `${quote(row.schema)}.${quote(row.name)}`);
}

export async function fingerprintTables(
  sql: Sql,
  hashRowLimit = defaultHashRowLimit,
): Promise<TableFingerprint[]> {
  const result: TableFingerprint[] = [];
  for (const table of await userTables(sql)) {
    const [counted] = await sql.unsafe<{ rows: string }[]>(`select count(*)::text as rows from ${table}`);
    const count = Number(counted?.rows ?? 0);
    let md5: string | null = null;
    if (count <= hashRowLimit) {
      const [row] = await sql.unsafe<{ md5: string }[]>(
        `select md5(coalesce(string_agg(t::text, E'\\n' order by t::text collate "C"), '')) as md5 from ${table} t`,
      );
      md5 = row?.md5 ?? null;
    }
    result.push({ table, rows: count, md5 });
  }
  return result;
}

export type FingerprintMismatch = { table: string; expected: string; actual: string };

/** The differences between the fingerprints recorded at dump time and those of a restored copy. */
export function compareFingerprints(
  expected: TableFingerprint[],
  actual: TableFingerprint[],
): FingerprintMismatch[] {
  const found = new Map(actual.map((entry) => [entry.table, entry]));
  const mismatches: FingerprintMismatch[] = [];
  for (const want of expected) {
    const got = found.get(want.table);
    if (!got) {
      mismatches.push({ table: want.table, expected: `${want.rows} rows`, actual: 'missing' });
      continue;
    }
    if (got.rows !== want.rows)
      mismatches.push({ table: want.table, expected: `${want.rows} rows`, actual: `${got.rows} rows` });
    else if (want.md5 && got.md5 !== want.md5)
      mismatches.push({ table: want.table, expected: `md5 ${want.md5}`, actual: `md5 ${got.md5}` });
  }
  return mismatches;
}
