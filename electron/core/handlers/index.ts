// All handlers, one file per domain (the same domains as shared/contract/): createHandlers only puts them together.

import { DOMAINS, type AppInfo, type Domain, type DomainHandlers, type Handlers } from '../../../shared/contract.js';
import type { BackupController } from '../../backup/controller.js';
import type { CoreJobs, Services } from '../app.js';
import { JobRunner } from '../../jobs/runner.js';
import { JobControls } from '../../jobs/controls.js';
import { FileTokens } from '../file-tokens.js';
import { appHandlers } from './app.js';
import { auditHandlers } from './audit.js';
import { backupHandlers } from './backup.js';
import { calendarHandlers } from './calendar.js';
import { campaignsHandlers } from './campaigns.js';
import { consolidationHandlers } from './consolidation.js';
import type { FileDoors, HandlerDeps } from './deps.js';
import { evidenceBundleHandlers } from './evidence-bundle.js';
import { evidenceHandlers } from './evidence.js';
import { exchangeHandlers } from './exchange.js';
import { previousHandlers } from './previous.js';
import { roundsHandlers } from './rounds.js';
import { scoringHandlers } from './scoring.js';
import { signaturesHandlers } from './signatures.js';
import { surveyHandlers } from './survey.js';
import { unitsHandlers } from './units.js';
import { workspaceHandlers } from './workspace.js';

export type { FileDoors, HandlerDeps } from './deps.js';

/** Each domain's handlers: handle exactly the methods shared/contract/<domain>.ts declares (test/unit/contract.test.ts). */
export const DOMAIN_HANDLERS: { [D in Domain]: (deps: HandlerDeps) => DomainHandlers<D> } = {
  app: appHandlers,
  campaigns: campaignsHandlers,
  scoring: scoringHandlers,
  previous: previousHandlers,
  workspace: workspaceHandlers,
  consolidation: consolidationHandlers,
  exchange: exchangeHandlers,
  signatures: signaturesHandlers,
  rounds: roundsHandlers,
  evidence: evidenceHandlers,
  evidenceBundle: evidenceBundleHandlers,
  survey: surveyHandlers,
  audit: auditHandlers,
  backup: backupHandlers,
  calendar: calendarHandlers,
  units: unitsHandlers,
};

export function createHandlers(
  s: Services,
  info: AppInfo,
  backup?: BackupController,
  doors: FileDoors = { fileTokens: new FileTokens() },
  jobs: CoreJobs = { runner: new JobRunner({ dbPath: info.dbPath, dataDir: info.dataDir }), controls: new JobControls() },
): Handlers {
  const deps: HandlerDeps = { s, info, backup, doors, jobs };
  const all = Object.fromEntries((Object.keys(DOMAINS) as Domain[]).flatMap((d) => Object.entries(DOMAIN_HANDLERS[d](deps))));
  return all as Handlers;
}
