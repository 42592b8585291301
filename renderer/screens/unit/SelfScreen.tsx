// Unit mode, "Tự đánh giá": the unit's own sheet of the selected campaign — its header (completeness,
// deadlines, its claimed total), a "go to" box and filters, the keyboard-first grid and the side panel of
// the focused row. Every change is saved as it is made, on this machine, until the unit sends its package.

import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { MessageKey } from '../../../shared/i18n/index.js';
import { isTextField } from '../../components/grid/dom.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { NotApplicableDialog } from './NotApplicableDialog.js';
import { SelfGrid, type PanelAction } from './SelfGrid.js';
import { SelfHeader } from './SelfHeader.js';
import { SelfPanel } from './SelfPanel.js';
import { matchesSelfFilter, SELF_FILTERS, type SelfFilter } from './selfCells.js';

const FILTER_LABELS: Record<SelfFilter, MessageKey> = { missing: 'unit.filter.missing', unscored: 'unit.filter.unscored', requests: 'unit.filter.requests' };

export function SelfScreen() {
  const t = useT();
  const campaignId = useStore((s) => s.campaignId);
  const sheet = useStore((s) => s.selfSheet);
  const loading = useStore((s) => s.selfSheetLoading);
  const attach = useStore((s) => s.attachSelfFiles);
  const [filters, setFilters] = useState<SelfFilter[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [focusRequest, setFocusRequest] = useState<{ code: string; n: number } | null>(null);
  const [panelRequest, setPanelRequest] = useState<{ code: string; action: PanelAction; n: number } | null>(null);
  const [claiming, setClaiming] = useState<string | null>(null);
  const [goTo, setGoTo] = useState('');
  const goToRef = useRef<HTMLInputElement>(null);
  const counter = useRef(0);

  // The database is the truth: the sheet is read again on every visit and for every campaign.
  useEffect(() => {
    void useStore.getState().loadSelfSheet();
  }, [campaignId]);

  const focusRow = useCallback((code: string) => setFocusRequest({ code, n: ++counter.current }), []);
  const onPanel = useCallback((code: string, action: PanelAction) => {
    setSelected(code);
    // The file picker opens only within the key press's user gesture: clicked now, not after a render.
    if (action === 'attach') document.querySelector<HTMLInputElement>(`[data-testid="self-evidence-file"][data-code="${CSS.escape(code)}"]`)?.click();
    else setPanelRequest({ code, action, n: ++counter.current });
  }, []);
  const onDropFiles = useCallback(
    (code: string, files: File[]) => {
      setSelected(code);
      void attach(code, files);
    },
    [attach],
  );

  // "/" outside a field, or Ctrl+K anywhere: the "go to criterion" box (a code, or words of a name).
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const slash = event.key === '/' && !event.ctrlKey && !event.altKey && !event.metaKey && !isTextField(event.target);
      if (slash || ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k')) {
        event.preventDefault();
        goToRef.current?.focus();
      }
      if (event.altKey && !event.ctrlKey && !event.metaKey && event.key.toLowerCase() === 'l') {
        event.preventDefault();
        setFilters((f) => (f.includes('missing') ? f.filter((x) => x !== 'missing') : [...f, 'missing']));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (campaignId === null) return <NoUnitCampaign />;
  const shown = sheet && sheet.campaignId === campaignId ? sheet : null;
  if (!shown) return <p className="empty">{loading ? t('common.loading') : t('unit.noSheet')}</p>;

  const onGoTo = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') {
      setGoTo('');
      if (selected) focusRow(selected);
      return;
    }
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const text = goTo.trim().toLowerCase();
    if (text === '') return;
    const rows = shown.rows;
    const row = rows.find((r) => r.code === text) ?? rows.find((r) => r.code.startsWith(text)) ?? rows.find((r) => r.name.toLowerCase().includes(text));
    if (!row) {
      useStore.getState().notify('info', { key: 'unit.goToNone', params: { text: goTo.trim() } });
      return;
    }
    // A row the filters hide comes back with the filters off.
    if (filters.length > 0) setFilters([]);
    setGoTo('');
    setSelected(row.code);
    focusRow(row.code);
  };

  const leaves = shown.rows.filter((r) => r.isLeaf);
  const claimRow = claiming === null ? undefined : shown.rows.find((r) => r.code === claiming);
  return (
    <div className="self-screen" data-testid="self-screen">
      <section className="sheet-pane">
        <SelfHeader sheet={shown} />
        <div className="filter-bar self-filters" role="group" aria-label={t('filter.label')} data-testid="self-filters">
          <label className="self-goto">
            <span className="visually-hidden">{t('unit.goTo')}</span>
            <input
              ref={goToRef}
              type="search"
              value={goTo}
              onChange={(e) => setGoTo(e.target.value)}
              onKeyDown={onGoTo}
              placeholder={t('unit.goToPlaceholder')}
              aria-label={t('unit.goTo')}
              data-testid="self-goto"
            />
          </label>
          <span className="muted small">{t('filter.label')}:</span>
          {SELF_FILTERS.map((key) => {
            const count = leaves.filter((r) => matchesSelfFilter(r, key)).length;
            const on = filters.includes(key);
            return (
              <button
                key={key}
                type="button"
                className={['filter-chip', on ? 'on' : '', key === 'missing' && count > 0 ? 'warn' : ''].join(' ').trim()}
                aria-pressed={on}
                onClick={() => setFilters(on ? filters.filter((f) => f !== key) : [...filters, key])}
                title={key === 'missing' ? t('unit.filter.missingHint') : undefined}
                data-testid={`self-filter-${key}`}
                data-count={count}
              >
                {t(FILTER_LABELS[key])} <span className="filter-count">{count}</span>
              </button>
            );
          })}
        </div>
        <div className="sheet-body">
          <SelfGrid
            key={`${campaignId}:${filters.join(',')}`}
            sheet={shown}
            filters={filters}
            focusRequest={focusRequest}
            onSelect={setSelected}
            onPanel={onPanel}
            onClaimNotApplicable={setClaiming}
            onDropFiles={onDropFiles}
          />
          <div className="sheet-footer" data-testid="self-footer">
            <span className="muted">{t('unit.keysHelp')}</span>
          </div>
        </div>
      </section>
      <SelfPanel sheet={shown} code={selected} request={panelRequest} onBack={focusRow} onClaimNotApplicable={setClaiming} />
      {claimRow && (
        <NotApplicableDialog
          row={claimRow}
          onClose={() => {
            setClaiming(null);
            focusRow(claimRow.code);
          }}
        />
      )}
    </div>
  );
}

/** A unit's machine before its first unit package: where the campaign comes from. */
export function NoUnitCampaign() {
  const t = useT();
  const loaded = useStore((s) => s.campaignsLoaded);
  const setScreen = useStore((s) => s.setScreen);
  if (!loaded) return <p className="empty">{t('common.loading')}</p>;
  return (
    <div className="empty-state" data-testid="unit-no-campaign">
      <p>{t('unit.noCampaign')}</p>
      <button type="button" className="primary" onClick={() => setScreen('unitPackages')} data-testid="unit-go-packages">
        {t('unit.goPackages')}
      </button>
    </div>
  );
}
