// What every domain's handlers are built from: the services of the open database, the app's identity, the
// backup controller (absent for bare service tests), and the doors local files arrive through.

import type { AppInfo } from '../../../shared/contract.js';
import type { BackupController } from '../../backup/controller.js';
import type { CoreJobs, Services } from '../app.js';
import type { ChooseFiles, FileTokens } from '../file-tokens.js';

/** How local files reach the core: only through the shell's own dialog, as tokens. */
export interface FileDoors {
  chooseFiles?: ChooseFiles;
  fileTokens: FileTokens;
}

export interface HandlerDeps {
  s: Services;
  info: AppInfo;
  backup: BackupController | undefined;
  doors: FileDoors;
  /** Heavy operations go to the job worker (`job` in ./support.ts). */
  jobs: CoreJobs;
}
