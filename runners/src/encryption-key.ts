/** The startup check of runners that keep secrets at rest: ENCRYPTION_KEY is set and is a key encryptSecret accepts. */
import { encryptSecret } from '@homelab/db/crypto';

/** The key, or an error that says why the runner cannot start; `storedWith` names what it seals. */
export async function usableEncryptionKey(key: string | undefined, storedWith: string): Promise<string> {
  if (!key)
    throw new Error(
      `ENCRYPTION_KEY is not set: ${storedWith} encrypted with it. Set ENCRYPTION_KEY to the output of \`openssl rand -base64 32\`.`,
    );
  try {
    await encryptSecret('check', key);
  } catch (error) {
    throw new Error(
      `ENCRYPTION_KEY cannot be used: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return key;
}
