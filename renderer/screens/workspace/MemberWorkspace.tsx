// Member mode of the scoring screen: units with progress on the left, the open unit's figures,
// filters and grid of proposed scores in the middle, the focused row's details and history on the
// right. Every change is saved as it is made.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { WorkspaceInfo } from '../../../shared/contract.js';
import { NotApplicableNotice } from '../../components/grid/NotApplicable.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { BundleOutcome, IntegrityDialog } from './EvidenceTools.js';
import { MemberGrid } from './MemberGrid.js';
import type { FilterKey } from './memberCells.js';
import { MemberSheetHeader } from './MemberSheetHeader.js';
import { RowPanel, type PanelTab } from './RowPanel.js';
import { WorkspaceFilters } from './WorkspaceFilters.js';
import { WorkspaceUnitList } from './WorkspaceUnitList.js';

const PANEL_KEY = 'par.rowPanel';

function initialPanel(): boolean {
  try {
    return localStorage.getItem(PANEL_KEY) !== 'closed';
  } catch {
    return true;
  }
}

export function MemberWorkspace({ workspace }: { workspace: WorkspaceInfo }) {
  const t = useT();
  const campaignId = useStore((s) => s.campaignId);
  const unitCode = useStore((s) => s.memberUnitCode);
  const sheet = useStore((s) => s.memberSheet);
  const openMemberUnit = useStore((s) => s.openMemberUnit);
  const attachFiles = useStore((s) => s.attachFiles);
  const importBundle = useStore((s) => s.importBundle);
  const [focusFor, setFocusFor] = useState<string | null>(null);
  const [filters, setFilters] = useState<FilterKey[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [panelOpen, setPanelOpen] = useState(initialPanel);
  const [panelTab, setPanelTab] = useState<PanelTab>('details');
  const [verifying, setVerifying] = useState(false);
  const bundleInput = useRef<HTMLInputElement>(null);

  const firstUnit = workspace.units.find((u) => u.assignedLeaves > 0 && !u.recused)?.code ?? workspace.units[0]?.code ?? null;
  const sheetMissing = sheet === null;

  // The database is the truth: what was open is read again on every visit.
  useEffect(() => {
    if (useStore.getState().memberSheet) void useStore.getState().reloadMemberSheet();
  }, []);

  useEffect(() => {
    if (campaignId === null || !sheetMissing) return;
    const state = useStore.getState();
    const current = state.memberUnitCode;
    const known = current !== null && (state.workspace?.units.some((u) => u.code === current) ?? false);
    const target = known ? current : firstUnit;
    if (target !== null) void openMemberUnit(target);
  }, [campaignId, firstUnit, sheetMissing, openMemberUnit]);

  const onOpen = useCallback(
    (code: string, focusSheet: boolean) => {
      setFocusFor(focusSheet ? code : null);
      if (code !== useStore.getState().memberUnitCode) {
        setSelected(null);
        void openMemberUnit(code);
      }
    },
    [openMemberUnit],
  );
  const onFocusHandled = useCallback(() => setFocusFor(null), []);
  const onShowDetails = useCallback((code: string) => {
    setSelected(code);
    setPanelOpen(true);
    setPanelTab('details');
  }, []);
  const onDropFiles = useCallback(
    (code: string, files: File[]) => {
      onShowDetails(code);
      void attachFiles(code, files);
    },
    [attachFiles, onShowDetails],
  );
  const togglePanel = () => {
    const next = !panelOpen;
    setPanelOpen(next);
    try {
      localStorage.setItem(PANEL_KEY, next ? 'open' : 'closed');
    } catch {
      // Not remembered: private mode.
    }
  };
  const onBundle = async (files: FileList | null) => {
    const file = files?.[0];
    if (bundleInput.current) bundleInput.current.value = '';
    if (file) await importBundle(file);
  };

  const shown = sheet && sheet.unit.code === unitCode ? sheet : null;
  return (
    <div className={panelOpen ? 'workspace with-panel' : 'workspace'} data-testid="member-workspace">
      <WorkspaceUnitList workspace={workspace} onOpen={onOpen} />
      <section className="sheet-pane" data-testid="sheet-pane">
        {shown ? (
          <>
            <MemberSheetHeader
              sheet={shown}
              panelOpen={panelOpen}
              onTogglePanel={togglePanel}
              onImportBundle={() => bundleInput.current?.click()}
              onVerify={() => setVerifying(true)}
            />
            <input
              ref={bundleInput}
              type="file"
              accept=".zip,application/zip"
              className="visually-hidden"
              tabIndex={-1}
              onChange={(e) => void onBundle(e.target.files)}
              data-testid="bundle-file"
            />
            <BundleOutcome />
            <WorkspaceFilters sheet={shown} filters={filters} onChange={setFilters} />
            <div className="sheet-body">
              <MemberGrid
                key={`${campaignId}:${shown.unit.code}:${filters.join(',')}`}
                sheet={shown}
                filters={filters}
                focusRequested={focusFor === shown.unit.code}
                onFocusHandled={onFocusHandled}
                onSelect={setSelected}
                onShowDetails={onShowDetails}
                onDropFiles={onDropFiles}
              />
              <NotApplicableNotice unitCode={shown.unit.code} />
              <div className="sheet-footer" data-testid="sheet-footer">
                <span className="muted">{t('workspace.keysHelp')}</span>
              </div>
            </div>
          </>
        ) : (
          <p className="empty">{workspace.units.length === 0 ? t('scoring.noUnits') : t('common.loading')}</p>
        )}
      </section>
      {panelOpen && shown && <RowPanel sheet={shown} code={selected} tab={panelTab} onTab={setPanelTab} />}
      {verifying && <IntegrityDialog onClose={() => setVerifying(false)} />}
    </div>
  );
}
