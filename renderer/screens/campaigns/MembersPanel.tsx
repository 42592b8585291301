// The council's members in this campaign: the areas (and, if limited, the units) each one appraises,
// and the units they do not take part in (recusals, with a reason; those from the member's own agency
// are recorded automatically and shown as such). Every tick is saved at once.

import { useEffect, useMemo, useRef, useState } from 'react';
import type { MemberWithAssignment } from '../../../shared/contract.js';
import { matchesSearch } from '../../../shared/text.js';
import { displayDateTime } from '../../format.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { Icon } from '../../components/Icon.js';

interface TopNode {
  /** As assignments name it: "3", or "SO:3" when the campaign has several sets. */
  code: string;
  /** The part's own code within its set. */
  partCode: string;
  name: string;
  kind: string;
}

/** A set's parts a member can be assigned: areas, and the survey, bonus and penalty parts. */
interface SetParts {
  code: string;
  name: string;
  parts: TopNode[];
}

export function MembersPanel() {
  const t = useT();
  const campaignId = useStore((s) => s.campaignId);
  const criteriaSets = useStore((s) => s.criteriaSets);
  const members = useStore((s) => s.members);
  const self = useStore((s) => s.self);
  const setProfileOpen = useStore((s) => s.setProfileOpen);

  useEffect(() => {
    void useStore.getState().loadMembers();
  }, [campaignId, self]);

  useEffect(() => {
    void useStore.getState().loadCriteriaSets();
  }, [campaignId]);

  const sets: SetParts[] = useMemo(() => {
    const all = criteriaSets ?? [];
    return all.map((x) => ({
      code: x.code,
      name: x.name,
      parts: x.roots.map((r) => ({ code: all.length > 1 ? `${x.code}:${r.code}` : r.code, partCode: r.code, name: r.name, kind: r.kind })),
    }));
  }, [criteriaSets]);

  return (
    <section className="subpanel members-panel" data-testid="members-panel">
      <div className="toolbar">
        <h2 className="section-title">{t('members.title')}</h2>
        <span className="toolbar-spacer" />
        <button type="button" onClick={() => setProfileOpen(true)} data-testid="members-profile">
          {self ? t('members.editSelf') : t('profile.declare')}
        </button>
      </div>
      <p className="hint">{t('members.hint')}</p>
      {members === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : members.length === 0 ? (
        <p className="empty" data-testid="members-empty">
          {t('members.empty')}
        </p>
      ) : (
        <div className="member-cards">
          {members.map((m) => (
            <MemberCard key={m.uid} member={m} sets={sets} />
          ))}
        </div>
      )}
    </section>
  );
}

function MemberCard({ member, sets }: { member: MemberWithAssignment; sets: SetParts[] }) {
  const t = useT();
  const areas = sets.flatMap((x) => x.parts);
  const units = useStore((s) => s.units);
  const assign = useStore((s) => s.assign);
  const recuse = useStore((s) => s.recuse);
  const [unitFilter, setUnitFilter] = useState('');
  const [recuseUnit, setRecuseUnit] = useState('');
  const [recuseReason, setRecuseReason] = useState('');
  const recusedCodes = useMemo(() => new Set(member.recusals.map((r) => r.unitCode)), [member.recusals]);
  const shownUnits = units.filter((u) => matchesSearch(`${u.name} ${u.code}`, unitFilter));

  // Ticks are saved one by one but announced once per batch, which can be undone as a whole.
  const [batch, setBatch] = useState<{ areas: string[]; units: string[]; changes: number } | null>(null);
  const notify = useStore((s) => s.notify);
  const batchRef = useRef(batch);
  const saveTick = async (nextAreas: string[], nextUnits: string[]) => {
    // Read from the ref: two quick ticks arrive before React re-renders with the first one's batch.
    const previous = batchRef.current;
    const first = previous === null;
    batchRef.current = previous ? { ...previous, changes: previous.changes + 1 } : { areas: member.areas, units: member.units, changes: 1 };
    setBatch(batchRef.current);
    const ok = await assign(member.uid, nextAreas, nextUnits, true);
    if (ok && first) notify('success', { key: 'members.assignedBatch', params: { name: member.name } });
  };
  const undoBatch = async () => {
    const before = batchRef.current;
    if (!before) return;
    batchRef.current = null;
    setBatch(null);
    if (await assign(member.uid, before.areas, before.units, true)) notify('info', { key: 'members.assignUndone', params: { name: member.name } });
  };
  const toggleArea = (code: string) => {
    const next = member.areas.includes(code) ? member.areas.filter((a) => a !== code) : [...member.areas, code];
    void saveTick(areas.map((a) => a.code).filter((a) => next.includes(a)), member.units);
  };
  const toggleUnit = (code: string) => {
    const next = member.units.includes(code) ? member.units.filter((u) => u !== code) : [...member.units, code];
    void saveTick(member.areas, units.map((u) => u.code).filter((u) => next.includes(u)));
  };
  const addRecusal = async () => {
    if (recuseUnit === '' || recuseReason.trim() === '') return;
    const ok = await recuse(member.uid, recuseUnit, true, recuseReason.trim());
    if (ok) {
      setRecuseUnit('');
      setRecuseReason('');
    }
  };

  return (
    <article className="member-card" data-testid="member-card" data-name={member.name} data-uid={member.uid}>
      <header className="member-head">
        <strong>{member.name}</strong>
        {member.isSelf && <span className="badge">{t('members.you')}</span>}
        <span className="badge">{t(member.kind === 'member' ? 'profile.kind.member' : 'profile.kind.secretariat')}</span>
        <span className="muted small">
          {[member.agency, member.role].filter((x) => x !== '').join(' · ')}
        </span>
      </header>
      {batch && (
        <p className="assign-batch small" role="status" data-testid="assign-batch">
          {t('members.batchSaved', { count: batch.changes })}{' '}
          <button type="button" className="link" onClick={() => void undoBatch()} data-testid="assign-undo">
            {t('members.batchUndo')}
          </button>
        </p>
      )}
      <div className="member-body">
        <fieldset className="member-areas">
          <legend>{t('members.areas')}</legend>
          {sets.map((x) => (
            <div key={x.code} className={sets.length > 1 ? 'area-set' : undefined} role={sets.length > 1 ? 'group' : undefined} aria-label={sets.length > 1 ? x.name : undefined} data-testid={`assign-set-${x.code}`}>
              {sets.length > 1 && (
                <div className="area-set-name small">
                  {t('sets.memberSet', { name: x.name, code: x.code })}
                </div>
              )}
              {x.parts.map((a) => (
                <label key={a.code} className="checkbox area-check" title={a.name}>
                  <input type="checkbox" checked={member.areas.includes(a.code)} onChange={() => toggleArea(a.code)} data-testid={`assign-area-${a.code}`} />
                  <span>
                    <span className="area-code">{a.kind === 'bonus' || a.kind === 'penalty' ? a.partCode : t('ranking.area', { code: a.partCode })}</span> {a.name}
                  </span>
                </label>
              ))}
            </div>
          ))}
          {member.areas.length === 0 && <p className="muted small">{t('members.noAreas')}</p>}
        </fieldset>
        <fieldset className="member-units">
          <legend>{t('members.units')}</legend>
          <p className="small" data-testid="assign-units-summary">
            {member.units.length === 0 ? t('members.allUnits') : t('members.someUnits', { count: member.units.length })}
          </p>
          <input type="search" className="search" value={unitFilter} onChange={(e) => setUnitFilter(e.target.value)} placeholder={t('units.filter')} aria-label={t('units.filter')} data-testid="assign-unit-filter" />
          <div className="unit-checks">
            {shownUnits.map((u) => (
              <label key={u.code} className="checkbox">
                <input type="checkbox" checked={member.units.includes(u.code)} onChange={() => toggleUnit(u.code)} data-testid={`assign-unit-${u.code}`} />
                <span>{u.name}</span>
                {recusedCodes.has(u.code) && <Icon name="ban" title={t('workspace.recusedShort')} />}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="member-recusals">
          <legend>{t('members.recusals')}</legend>
          {member.recusals.length === 0 && <p className="muted small">{t('members.noRecusals')}</p>}
          <ul className="recusal-list">
            {member.recusals.map((r) => {
              const auto = r.automatic;
              return (
                <li key={r.unitCode} data-testid={`recusal-${r.unitCode}`} data-auto={auto ? 'true' : 'false'}>
                  <strong>{r.unitName}</strong>
                  {auto && <span className="badge">{t('members.auto')}</span>}
                  <span className="small"> — {r.reason}</span>
                  <span className="muted small"> ({displayDateTime(r.createdAt)})</span>
                  <button type="button" className="link danger" onClick={() => void recuse(member.uid, r.unitCode, false, '')} data-testid={`recusal-remove-${r.unitCode}`}>
                    {t('common.remove')}
                  </button>
                </li>
              );
            })}
          </ul>
          <div className="recuse-new">
            <select value={recuseUnit} onChange={(e) => setRecuseUnit(e.target.value)} aria-label={t('members.recuseUnit')} data-testid="recuse-unit">
              <option value="">{t('members.recuseUnit')}</option>
              {units
                .filter((u) => !recusedCodes.has(u.code))
                .map((u) => (
                  <option key={u.code} value={u.code}>
                    {u.name}
                  </option>
                ))}
            </select>
            <input value={recuseReason} onChange={(e) => setRecuseReason(e.target.value)} placeholder={t('members.recuseReason')} aria-label={t('members.recuseReason')} maxLength={500} data-testid="recuse-reason" />
            <button type="button" onClick={() => void addRecusal()} disabled={recuseUnit === '' || recuseReason.trim() === ''} data-testid="recuse-add">
              {t('members.recuseAdd')}
            </button>
          </div>
        </fieldset>
      </div>
    </article>
  );
}
