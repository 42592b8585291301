// Where the app keeps its data on each OS. Electron and the browser host share this folder.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_FOLDER = 'par-appraisal';
export const DB_FILE = 'par.sqlite';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.PAR_DATA_DIR) return env.PAR_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_FOLDER);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_FOLDER);
}
