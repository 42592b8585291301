// Theo dõi tiến độ on the secretariat's dashboard: per unit, the self-assessment package received and how
// complete it is; per member, proposals per area in the current round. Filters for late and missing, and
// the same tables as .xlsx. Read again whenever the consolidation report is (after every import).

import { useEffect, useMemo, useState } from 'react';
import { vietnamTime } from '../../../shared/calendar.js';
import type { Tracker, TrackerMember, TrackerUnit } from '../../../shared/contract.js';
import { invoke } from '../../api/client.js';
import { downloadPayload } from '../../api/files.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { ProgressBar } from '../workspace/ProgressBar.js';

const FILTERS = ['all', 'late', 'missing'] as const;
type Filter = (typeof FILTERS)[number];

/** Rows drawn at first: 3,000 units would make the dashboard slow to open; the rest on request. */
const FIRST_ROWS = 200;

const when = (iso: string | null): string | null => (iso === null ? null : vietnamTime(new Date(iso)));
const keep = (filter: Filter) => (x: { late: boolean; missing: boolean }) => filter === 'all' || x[filter];

export function TrackerPanel({ campaignId, reloadKey }: { campaignId: number; reloadKey: unknown }) {
  const t = useT();
  const [data, setData] = useState<Tracker | null>(null);
  const [filter, setFilter] = useState<Filter>('all');
  const [allRows, setAllRows] = useState(false);

  useEffect(() => {
    let live = true;
    invoke('tracker/get', { campaignId })
      .then((x) => live && setData(x))
      .catch((error: unknown) => live && useStore.getState().reportError(error));
    return () => {
      live = false;
    };
  }, [campaignId, reloadKey]);

  const counts = useMemo(() => {
    const units = data?.units ?? [];
    const members = data?.members ?? [];
    return {
      late: units.filter((u) => u.late).length + members.filter((m) => m.late).length,
      missing: units.filter((u) => u.missing).length + members.filter((m) => m.missing).length,
      units: { received: units.filter((u) => u.packageAt !== null).length, late: units.filter((u) => u.late).length, missing: units.filter((u) => u.missing).length },
      members: { late: members.filter((m) => m.late).length, missing: members.filter((m) => m.missing).length },
    };
  }, [data]);

  const exportXlsx = async () => {
    const store = useStore.getState();
    try {
      const file = await store.withBusy('busy.exportingTracker', () => invoke('tracker/export', { campaignId }));
      downloadPayload(file);
      store.notify('success', { key: 'common.downloaded', params: { file: file.fileName } });
    } catch (error) {
      store.reportError(error);
    }
  };

  const units = (data?.units ?? []).filter(keep(filter));
  const members = (data?.members ?? []).filter(keep(filter));
  const shownUnits = allRows ? units : units.slice(0, FIRST_ROWS);

  return (
    <section className="panel tracker-panel" data-testid="tracker-panel" data-filter={filter}>
      <div className="toolbar">
        <h2 className="section-title">{t('tracker.title')}</h2>
        <div className="tracker-filters" role="group" aria-label={t('tracker.filterLabel')}>
          {FILTERS.map((f) => (
            <button key={f} type="button" className={filter === f ? 'filter-chip active' : 'filter-chip'} aria-pressed={filter === f} onClick={() => setFilter(f)} data-testid={`tracker-filter-${f}`}>
              {t(`tracker.filter.${f}`)}
              <span className="chip-count">{f === 'all' ? (data?.units.length ?? 0) + (data?.members.length ?? 0) : counts[f]}</span>
            </button>
          ))}
        </div>
        <span className="toolbar-spacer" />
        <button type="button" onClick={() => void exportXlsx()} disabled={data === null} data-testid="tracker-export">
          {t('tracker.export')}
        </button>
      </div>
      <p className="hint">{t('tracker.hint')}</p>
      {data === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <div className="tracker-body">
          <h3 className="subsection-title">
            {t('tracker.unitsTitle')}{' '}
            <span className="muted small" data-testid="tracker-units-summary">
              {t('tracker.unitsSummary', { received: counts.units.received, total: data.units.length, late: counts.units.late, missing: counts.units.missing })}
            </span>
          </h3>
          <div className="tracker-scroll">
            <table className="grid tracker-table" data-testid="tracker-units">
              <thead>
                <tr>
                  <th>{t('tracker.col.code')}</th>
                  <th>{t('tracker.col.unit')}</th>
                  <th>{t('tracker.col.group')}</th>
                  <th>{t('tracker.col.key')}</th>
                  <th>{t('tracker.col.package')}</th>
                  <th className="num">{t('tracker.col.selfScored')}</th>
                  <th className="num">{t('tracker.col.evidence')}</th>
                  <th className="num">{t('tracker.col.pending')}</th>
                  <th>{t('tracker.col.state')}</th>
                </tr>
              </thead>
              <tbody>
                {shownUnits.map((u) => (
                  <UnitRow key={u.unitCode} unit={u} />
                ))}
                {units.length === 0 && (
                  <tr>
                    <td colSpan={9} className="empty">
                      {t('tracker.noUnits')}
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
          {shownUnits.length < units.length && (
            <button type="button" className="link" onClick={() => setAllRows(true)} data-testid="tracker-show-all">
              {t('tracker.showAll', { count: units.length })}
            </button>
          )}
          <h3 className="subsection-title">
            {t('tracker.membersTitle')}{' '}
            <span className="muted small" data-testid="tracker-members-summary">
              {t('tracker.membersSummary', { total: data.members.length, late: counts.members.late, missing: counts.members.missing })}
            </span>
          </h3>
          <table className="grid tracker-table" data-testid="tracker-members">
            <thead>
              <tr>
                <th>{t('tracker.col.member')}</th>
                <th>{t('tracker.col.package')}</th>
                <th>{t('tracker.col.areas')}</th>
                <th>{t('tracker.col.state')}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <MemberRow key={m.uid} member={m} />
              ))}
              {members.length === 0 && (
                <tr>
                  <td colSpan={4} className="empty">
                    {t('tracker.noMembers')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function State({ late, missing }: { late: boolean; missing: boolean }) {
  const t = useT();
  if (!late && !missing) return <span className="badge tracker-complete">{t('tracker.complete')}</span>;
  return (
    <>
      {late && <span className="badge tracker-late">{t('tracker.late')}</span>}
      {missing && <span className="badge tracker-missing">{t('tracker.missing')}</span>}
    </>
  );
}

function UnitRow({ unit: u }: { unit: TrackerUnit }) {
  const t = useT();
  const at = when(u.packageAt);
  return (
    <tr data-testid="tracker-unit" data-unit={u.unitCode} data-late={u.late} data-missing={u.missing}>
      <td>{u.unitCode}</td>
      <td className="ellipsis">{u.unitName}</td>
      <td className="ellipsis">{u.groupName}</td>
      <td>{u.registered ? t('tracker.registered') : <span className="muted">{t('tracker.notRegistered')}</span>}</td>
      <td>
        {at === null ? (
          <span className="muted">{t('tracker.noPackage')}</span>
        ) : (
          <>
            {at} <span className="muted small">· {t('tracker.packages', { count: u.packages })}</span>
          </>
        )}
      </td>
      <td className="num" data-testid="tracker-self">
        {u.selfScored}/{u.leaves}
      </td>
      <td className="num" data-testid="tracker-evidence">
        {u.evidence}/{u.selfScored}
      </td>
      <td className="num">{u.explanationsPending}</td>
      <td className="tracker-state">
        <State late={u.late} missing={u.missing} />
      </td>
    </tr>
  );
}

function MemberRow({ member: m }: { member: TrackerMember }) {
  const t = useT();
  const at = when(m.packageAt);
  return (
    <tr data-testid="tracker-member" data-member={m.name} data-late={m.late} data-missing={m.missing}>
      <td className="ellipsis">{m.name}</td>
      <td>{at ?? <span className="muted">{t('tracker.noPackage')}</span>}</td>
      <td>
        {m.areas.length === 0 ? (
          <span className="muted">{t('tracker.noAreas')}</span>
        ) : (
          <ul className="tracker-areas">
            {m.areas.map((a) => (
              <li key={a.area} data-testid={`tracker-area-${a.area}`}>
                <span className="tracker-area-name">{t('tracker.area', { area: a.area })}</span>
                <span className="progress-figure">
                  {a.proposed}/{a.total}
                </span>
                <ProgressBar done={a.proposed} total={a.total} />
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className="tracker-state">
        <State late={m.late} missing={m.missing} />
      </td>
    </tr>
  );
}
