// "Not applicable" as both grids do it: a change on one sub-criterion is sent at once; a change that
// touches more than one asks first, naming how many sub-criteria and points; each saved change is
// announced beside the grid with the unit's new maximum (Ctrl+Z reverts it).

import { useCallback, useEffect, useRef, useState } from 'react';
import { points } from '../../format.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { ConfirmDialog } from '../ConfirmDialog.js';
import { needsConfirmation, notApplicableScope, type Scope, type ScopeRow } from './scope.js';

interface Asking {
  code: string;
  name: string;
  marking: boolean;
  scope: Scope;
}

/**
 * `toggle(code, marking)` sends at once or asks first; `dialog` is the question to render. `send` does
 * the write; `refocus` gives the keyboard back to the row when the question closes.
 */
export function useNotApplicableChange(
  rows: ReadonlyArray<ScopeRow & { name: string }>,
  send: (code: string, notApplicable: boolean) => unknown,
  refocus: (code: string) => void,
) {
  const t = useT();
  const [asking, setAsking] = useState<Asking | null>(null);
  const returnTo = useRef<string | null>(null);

  // After the question is gone (its <dialog> closed, which moves the focus itself), the row gets it back.
  useEffect(() => {
    if (asking !== null || returnTo.current === null) return;
    refocus(returnTo.current);
    returnTo.current = null;
  }, [asking, refocus]);

  const toggle = useCallback(
    (code: string, marking: boolean) => {
      const scope = notApplicableScope(rows, code, marking);
      if (!needsConfirmation(scope)) {
        void send(code, marking);
        return;
      }
      setAsking({ code, name: rows.find((r) => r.code === code)?.name ?? '', marking, scope });
    },
    [rows, send],
  );

  const dialog = asking && (
    <ConfirmDialog
      title={t('grid.naConfirmTitle')}
      message={t(asking.marking ? 'grid.naConfirmOn' : 'grid.naConfirmOff', {
        code: asking.code,
        name: asking.name,
        leaves: asking.scope.leaves,
        points: points(asking.scope.pointsMilli),
      })}
      confirmLabel={t(asking.marking ? 'grid.naConfirmOnOk' : 'grid.naConfirmOffOk')}
      onConfirm={async () => {
        await send(asking.code, asking.marking);
      }}
      onClose={() => {
        returnTo.current = asking.code;
        setAsking(null);
      }}
    />
  );

  return { toggle, dialog };
}

/** The last not-applicable change of the open unit, in words, with the way back. */
export function NotApplicableNotice({ unitCode }: { unitCode: string }) {
  const t = useT();
  const notice = useStore((s) => s.naNotice);
  if (!notice || notice.unitCode !== unitCode) return null;
  return (
    <p className={notice.notApplicable ? 'na-notice on' : 'na-notice'} role="status" data-testid="na-notice">
      {t(notice.notApplicable ? 'grid.naOn' : 'grid.naOff', { code: notice.code, name: notice.name, max: points(notice.maxMilli) })}
    </p>
  );
}
