/**
 * Which compose files the runner may read and hand to a compose CLI. The paths come only from a
 * stack's labels, never from the client, and even then only files that look like compose files:
 * anyone who can label a container must not be able to make the runner read /etc/shadow.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

export const maxComposeFileBytes = 256 * 1024;

const composeName = /^(compose|docker-compose[\w.-]*)\.ya?ml$/;
const yamlName = /\.ya?ml$/;

/** Why `file` may not be read as a compose file of a stack in `workingDir`, or null when it may. */
export function composeFileProblem(file: string, workingDir: string | null): string | null {
  if (!path.isAbsolute(file) || path.normalize(file) !== file)
    return 'the label does not give an absolute, normalized path';
  const name = path.basename(file);
  if (composeName.test(name)) return null;
  const dir = workingDir && path.isAbsolute(workingDir) ? path.normalize(workingDir) : null;
  if (yamlName.test(name) && dir && file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep))
    return null;
  return 'not a compose file name (compose.yml, docker-compose*.yml, or a .yml/.yaml file in the working directory)';
}

export type ComposeFile = { path: string; content: string | null; error?: string };

/** The file's content, or why it cannot be given; symlinks must lead to a file that passes the same rule. */
export async function readComposeFile(file: string, workingDir: string | null): Promise<ComposeFile> {
  const problem = composeFileProblem(file, workingDir);
  if (problem) return { path: file, content: null, error: `Not read: ${problem}.` };
  try {
    const real = await realpath(file);
    const realDir = workingDir ? await realpath(workingDir).catch(() => workingDir) : null;
    const realProblem = real === file ? null : composeFileProblem(real, realDir);
    if (realProblem)
      return { path: file, content: null, error: `Not read: it links to ${real}, ${realProblem}.` };
    const info = await stat(real);
    if (!info.isFile()) return { path: file, content: null, error: 'Not read: not a regular file.' };
    if (info.size > maxComposeFileBytes)
      return {
        path: file,
        content: null,
        error: `Not read: ${info.size} bytes, more than the ${maxComposeFileBytes / 1024} KB limit.`,
      };
    return { path: file, content: await readFile(real, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'the file does not exist on the runner’s filesystem'
        : code === 'EACCES'
          ? 'the runner may not read it'
          : (error as Error).message;
    return { path: file, content: null, error: `Not read: ${why}.` };
  }
}
