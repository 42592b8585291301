// Handlers of the app methods declared in shared/contract/app.ts.

import type { DomainHandlers } from '../../../shared/contract.js';
import { AppError } from '../../../shared/errors.js';
import type { HandlerDeps } from './deps.js';

export function appHandlers({ info, doors, jobs }: HandlerDeps): DomainHandlers<'app'> {
  return {
    'app/info': () => info,
    'job/cancel': ({ jobId }) => ({ cancelled: jobs.controls.cancel(jobId) }),
    'file/choose': async ({ purpose, multiple }) => {
      if (!doors.chooseFiles) {
        throw new AppError('forbidden', 'app.pickerDesktopOnly');
      }
      const paths = await doors.chooseFiles({ purpose, multiple });
      return paths.map((path) => doors.fileTokens.issue(path, purpose));
    },
  };
}
