/**
 * Loads a headless `--account` file and explains exactly what is wrong with it.
 * A password in the file is refused outright: passwords come from
 * DIALTONE_PASSWORD or the keychain, never from a file.
 */
import { readFile } from 'node:fs/promises';
import { AccountConfigSchema, type AccountConfig } from '../../common/models/account';
import { err, ok, type Result } from '../../common/result';
import { describeIssues } from '../../common/validation';

const secretKeys = ['password', 'pass', 'passwd', 'secret', 'auth_pass', 'ha1'];

/** Reads and validates an account file. */
export async function loadAccountFile(path: string): Promise<Result<AccountConfig>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return err('INVALID_CONFIG', `Cannot read account file ${path} (${code}).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return err('INVALID_CONFIG', `Account file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof json === 'object' && json !== null) {
    const found = Object.keys(json).filter((k) => secretKeys.includes(k.toLowerCase()));
    if (found.length > 0) {
      return err(
        'INVALID_CONFIG',
        `Account file ${path} contains ${found.join(', ')}: passwords are never read from a file. Remove it and set DIALTONE_PASSWORD or store it in the keychain.`,
      );
    }
  }
  const parsed = AccountConfigSchema.safeParse(json);
  if (!parsed.success) return err('INVALID_CONFIG', `Account file ${path}: ${describeIssues(parsed.error)}.`);
  return ok(parsed.data);
}
