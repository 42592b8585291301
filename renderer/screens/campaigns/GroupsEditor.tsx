// Unit groups (each a separate ranking table) and their bands (xếp loại) by index lower bound.

import { useState } from 'react';
import type { CampaignDetail } from '../../../shared/contract.js';
import { formatIndex, parseDecimal, toFixedUnits } from '../../../shared/numbers.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import type { MessageKey } from '../../../shared/i18n/index.js';

interface BandDraft {
  label: string;
  from: string;
}
interface GroupDraft {
  key: number;
  code: string;
  name: string;
  /** '' for a new group: the server gives it the first set. */
  setCode: string;
  ranked: boolean;
  bands: BandDraft[];
}

let draftKey = 1;

function toDrafts(detail: CampaignDetail | null): GroupDraft[] {
  return (detail?.groups ?? []).map((g) => ({
    key: draftKey++,
    code: g.code,
    name: g.name,
    setCode: g.setCode,
    ranked: g.ranked,
    bands: [...g.bands]
      .sort((a, b) => b.fromHundredths - a.fromHundredths)
      .map((b) => ({ label: b.label, from: formatIndex(b.fromHundredths) })),
  }));
}

function parsePercent(text: string): number | null {
  const value = parseDecimal(text);
  if (value === null || value < 0 || value > 100) return null;
  return toFixedUnits(value, 2);
}

function validate(groups: GroupDraft[]): MessageKey | null {
  if (groups.length === 0) return 'groups.errorNone';
  const codes = new Set<string>();
  for (const g of groups) {
    if (g.code.trim() === '' || g.name.trim() === '') return 'groups.errorMissing';
    if (codes.has(g.code.trim())) return 'groups.errorDuplicate';
    codes.add(g.code.trim());
    for (const b of g.bands) {
      if (b.label.trim() === '') return 'groups.errorBandLabel';
      if (parsePercent(b.from) === null) return 'groups.errorBandFrom';
    }
  }
  return null;
}

export function GroupsEditor() {
  const t = useT();
  const detail = useStore((s) => s.detail);
  const setGroups = useStore((s) => s.setGroups);
  const [drafts, setDrafts] = useState<GroupDraft[]>(() => toDrafts(detail));
  const [working, setWorking] = useState(false);
  const error = validate(drafts);
  const sets = detail?.sets ?? [];

  const update = (key: number, change: (g: GroupDraft) => GroupDraft) =>
    setDrafts((all) => all.map((g) => (g.key === key ? change(g) : g)));

  const save = async () => {
    if (error) return;
    setWorking(true);
    const ok = await setGroups(
      drafts.map((g) => ({
        code: g.code.trim(),
        name: g.name.trim(),
        ...(g.setCode !== '' ? { setCode: g.setCode } : {}),
        ranked: g.ranked,
        bands: g.bands.map((b) => ({ label: b.label.trim(), fromHundredths: parsePercent(b.from) ?? 0 })),
      })),
    );
    setWorking(false);
    if (ok) setDrafts(toDrafts(useStore.getState().detail));
  };

  return (
    <section className="subpanel" data-testid="groups-editor">
      <div className="toolbar">
        <h2 className="section-title">{t('groups.title')}</h2>
        <span className="toolbar-spacer" />
        <button
          type="button"
          onClick={() => setDrafts((all) => [...all, { key: draftKey++, code: '', name: '', setCode: sets[0]?.code ?? '', ranked: true, bands: [] }])}
          data-testid="group-add"
        >
          {t('groups.add')}
        </button>
        <button type="button" onClick={() => setDrafts(toDrafts(detail))} disabled={working}>
          {t('common.revert')}
        </button>
        <button type="button" className="primary" onClick={() => void save()} disabled={error !== null || working} data-testid="groups-save">
          {t('common.save')}
        </button>
      </div>
      {error && <p className="field-error">{t(error)}</p>}
      <div className="group-cards">
        {drafts.map((g, gi) => (
          <div className="group-card" key={g.key} data-testid={`group-${gi}`}>
            <div className="group-card-head">
              <label className="field field-code">
                <span>{t('groups.code')}</span>
                <input value={g.code} onChange={(e) => update(g.key, (d) => ({ ...d, code: e.target.value }))} data-testid={`group-code-${gi}`} />
              </label>
              <label className="field grow">
                <span>{t('groups.name')}</span>
                <input value={g.name} onChange={(e) => update(g.key, (d) => ({ ...d, name: e.target.value }))} data-testid={`group-name-${gi}`} />
              </label>
              {sets.length > 1 && (
                <label className="field field-set">
                  <span>{t('sets.groupSet')}</span>
                  <select value={g.setCode} onChange={(e) => update(g.key, (d) => ({ ...d, setCode: e.target.value }))} data-testid={`group-set-${gi}`}>
                    {sets.map((x) => (
                      <option key={x.code} value={x.code}>
                        {x.code} — {x.name}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <label className="checkbox">
                <input type="checkbox" checked={g.ranked} onChange={(e) => update(g.key, (d) => ({ ...d, ranked: e.target.checked }))} data-testid={`group-ranked-${gi}`} />
                {t('groups.ranked')}
              </label>
              <button type="button" className="link danger" onClick={() => setDrafts((all) => all.filter((d) => d.key !== g.key))}>
                {t('common.remove')}
              </button>
            </div>
            <table className="grid bands">
              <thead>
                <tr>
                  <th>{t('groups.bandLabel')}</th>
                  <th className="num">{t('groups.bandFrom')}</th>
                  <th className="actions" />
                </tr>
              </thead>
              <tbody>
                {g.bands.map((b, bi) => (
                  <tr key={bi}>
                    <td>
                      <input
                        value={b.label}
                        onChange={(e) => update(g.key, (d) => ({ ...d, bands: d.bands.map((x, i) => (i === bi ? { ...x, label: e.target.value } : x)) }))}
                        data-testid={`band-label-${gi}-${bi}`}
                      />
                    </td>
                    <td className="num">
                      <input
                        className="num"
                        value={b.from}
                        aria-invalid={parsePercent(b.from) === null}
                        onChange={(e) => update(g.key, (d) => ({ ...d, bands: d.bands.map((x, i) => (i === bi ? { ...x, from: e.target.value } : x)) }))}
                        data-testid={`band-from-${gi}-${bi}`}
                      />
                    </td>
                    <td className="actions">
                      <button type="button" className="link danger" onClick={() => update(g.key, (d) => ({ ...d, bands: d.bands.filter((_, i) => i !== bi) }))}>
                        {t('common.remove')}
                      </button>
                    </td>
                  </tr>
                ))}
                {g.bands.length === 0 && (
                  <tr>
                    <td colSpan={3} className="empty">
                      {t('groups.noBands')}
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
            <button type="button" className="link" onClick={() => update(g.key, (d) => ({ ...d, bands: [...d.bands, { label: '', from: '' }] }))} data-testid={`band-add-${gi}`}>
              {t('groups.addBand')}
            </button>
          </div>
        ))}
      </div>
      <p className="hint">{t('groups.hint')}</p>
    </section>
  );
}
