// Scoring: in member mode (this machine's profile is a council member) the member's workspace of
// proposed scores; otherwise the secretariat's grid of final scores, units on the left.

import { useCallback, useEffect, useState } from 'react';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { MemberWorkspace } from '../workspace/MemberWorkspace.js';
import { SheetGrid } from './SheetGrid.js';
import { SheetHeader } from './SheetHeader.js';
import { UnitList } from './UnitList.js';
import { NoCampaign } from '../NoCampaign.js';
import { EvidencePanel } from './EvidencePanel.js';
import { ReasonDialog } from './ReasonDialog.js';

export function ScoringScreen() {
  const campaignId = useStore((s) => s.campaignId);
  const workspace = useStore((s) => s.workspace);
  const workspaceLoading = useStore((s) => s.workspaceLoading);
  const t = useT();

  // The mode and the progress come from the database on every visit.
  useEffect(() => {
    if (campaignId !== null) void useStore.getState().loadWorkspace();
  }, [campaignId]);

  if (campaignId === null) return <NoCampaign />;
  if (workspace?.mode === 'member') return <MemberWorkspace workspace={workspace} />;
  if (!workspace && workspaceLoading) return <p className="empty">{t('common.loading')}</p>;
  return <SecretariatScoring />;
}

function SecretariatScoring() {
  const t = useT();
  const campaignId = useStore((s) => s.campaignId);
  const units = useStore((s) => s.units);
  const unitCode = useStore((s) => s.unitCode);
  const sheet = useStore((s) => s.sheet);
  const openUnit = useStore((s) => s.openUnit);
  const [focusFor, setFocusFor] = useState<string | null>(null);
  const firstUnit = units[0]?.code ?? null;

  // The database is the truth: refetch the open sheet on every visit.
  useEffect(() => {
    if (campaignId === null) return;
    const current = useStore.getState().unitCode;
    const known = current !== null && useStore.getState().units.some((u) => u.code === current);
    const target = known ? current : firstUnit;
    if (target !== null) void openUnit(target);
  }, [campaignId, firstUnit, openUnit]);

  const onOpen = useCallback(
    (code: string, focusSheet: boolean) => {
      setFocusFor(focusSheet ? code : null);
      if (code !== useStore.getState().unitCode || !useStore.getState().sheet) void openUnit(code);
    },
    [openUnit],
  );
  const onFocusHandled = useCallback(() => setFocusFor(null), []);

  const shown = sheet && sheet.unit.code === unitCode ? sheet : null;
  return (
    <div className="scoring">
      <UnitList onOpen={onOpen} />
      <section className="sheet-pane" data-testid="sheet-pane">
        {shown ? (
          <>
            <SheetHeader sheet={shown} />
            <SheetGrid key={`${campaignId}:${shown.unit.code}`} sheet={shown} focusRequested={focusFor === shown.unit.code} onFocusHandled={onFocusHandled} />
            <EvidencePanel sheet={shown} />
          </>
        ) : (
          <p className="empty">{units.length === 0 ? t('scoring.noUnits') : t('common.loading')}</p>
        )}
      </section>
      <ReasonDialog />
    </div>
  );
}
