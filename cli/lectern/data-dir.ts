// Where `lectern` keeps live sessions when it serves a speaker's own folder: not in that folder
// (a deck's folder is the speaker's, often a git repository, and may be read-only), but in the
// user's data folder, one sub-folder per decks folder so two talks never share sessions:
//   Linux   $XDG_DATA_HOME/lectern (~/.local/share/lectern)
//   macOS   ~/Library/Application Support/lectern
//   Windows %LOCALAPPDATA%\lectern\Data
// e.g. ~/.local/share/lectern/folders/pycon-3f2a9c1d4e5b/sessions/<id>.json. Sessions then
// survive a restart of `lectern` on the same folder, as they do for `npm start`. --data or
// DATA_DIR put them elsewhere.
import { createHash } from 'node:crypto';
import path from 'node:path';
import envPaths from 'env-paths';

/** The user's data folder for Lectern (env-paths reads XDG_DATA_HOME and the platform's conventions). */
export function userDataDir(): string {
  return envPaths('lectern', { suffix: '' }).data;
}

/** The data folder for serving `decksDir`: readable name, and a hash of the full path. */
export function dataDirFor(decksDir: string, root = userDataDir()): string {
  const resolved = path.resolve(decksDir);
  const name = path.basename(resolved).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '').slice(0, 40) || 'root';
  const hash = createHash('sha256').update(resolved).digest('hex').slice(0, 12);
  return path.join(root, 'folders', `${name}-${hash}`);
}
