// The council's calendar (Lịch thẩm định): each phase's deadline, its extension with the reason, and how
// many days are left by the core's clock in Vietnam time. The secretariat sets and extends deadlines
// (an extension needs a reason); a member's machine shows the calendar its campaign package brought.

import { useEffect, useState } from 'react';
import { vietnamTime, type Phase } from '../../../shared/calendar.js';
import type { CalendarPhase, CalendarView } from '../../../shared/contract.js';
import { invoke } from '../../api/client.js';
import { DateInput } from '../../components/DateInput.js';
import { Modal } from '../../components/Modal.js';
import { displayDate } from '../../format.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';

type Editing = { kind: 'set' | 'extend'; phase: CalendarPhase };

export function CalendarPanel({ campaignId, locked }: { campaignId: number; locked: boolean }) {
  const t = useT();
  const [view, setView] = useState<CalendarView | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);

  useEffect(() => {
    let live = true;
    invoke('calendar/get', { campaignId }).then(
      (v) => live && setView(v),
      (error: unknown) => useStore.getState().reportError(error),
    );
    return () => {
      live = false;
    };
  }, [campaignId]);

  if (!view) return <p className="hint">{t('common.loading')}</p>;
  const canEdit = !view.readOnly && !locked;
  const phaseName = (p: Phase) => t(`calendar.phase.${p}`);

  return (
    <section className="subpanel calendar-panel" data-testid="calendar-panel">
      <div className="toolbar">
        <h2 className="section-title">{t('calendar.title')}</h2>
      </div>
      <p className="hint" data-testid="calendar-hint">
        {view.readOnly ? t('calendar.readOnlyHint') : t('calendar.hint')}
      </p>
      <table className="grid calendar-table" data-testid="calendar-table">
        <thead>
          <tr>
            <th>{t('calendar.col.phase')}</th>
            <th>{t('calendar.col.deadline')}</th>
            <th>{t('calendar.col.extension')}</th>
            <th>{t('calendar.col.state')}</th>
            {canEdit && <th className="actions">{t('calendar.col.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {view.phases.map((p) => (
            <tr key={p.phase} data-testid={`calendar-row-${p.phase}`}>
              <td className="strong">{phaseName(p.phase)}</td>
              <td data-testid={`calendar-deadline-${p.phase}`}>{p.deadline ? displayDate(p.deadline) : <span className="muted">{t('calendar.none')}</span>}</td>
              <td data-testid={`calendar-extension-${p.phase}`}>
                {p.extension
                  ? t('calendar.extension', { date: displayDate(p.extension.deadline), reason: p.extension.reason, by: p.extension.by, at: vietnamTime(new Date(p.extension.at)) })
                  : ''}
              </td>
              <td data-testid={`calendar-state-${p.phase}`}>
                {p.daysLeft === null ? (
                  ''
                ) : p.closed ? (
                  <span className="badge calendar-closed">{t('calendar.closed')}</span>
                ) : p.daysLeft === 0 ? (
                  <span className="badge calendar-soon">{t('calendar.lastDay')}</span>
                ) : (
                  <span className={p.daysLeft <= 3 ? 'badge calendar-soon' : 'badge calendar-open'}>{t('calendar.daysLeft', { days: p.daysLeft })}</span>
                )}
              </td>
              {canEdit && (
                <td className="actions">
                  <button type="button" className="link" onClick={() => setEditing({ kind: 'set', phase: p })} data-testid={`calendar-set-${p.phase}`}>
                    {t('calendar.edit')}
                  </button>
                  <button type="button" className="link" onClick={() => setEditing({ kind: 'extend', phase: p })} disabled={p.deadline === null} data-testid={`calendar-extend-${p.phase}`}>
                    {t('calendar.extend')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {editing && (
        <DeadlineDialog
          campaignId={campaignId}
          editing={editing}
          phaseName={phaseName(editing.phase.phase)}
          onClose={() => setEditing(null)}
          onSaved={(v) => {
            setView(v);
            setEditing(null);
          }}
        />
      )}
    </section>
  );
}

function DeadlineDialog({ campaignId, editing, phaseName, onClose, onSaved }: { campaignId: number; editing: Editing; phaseName: string; onClose: () => void; onSaved: (v: CalendarView) => void }) {
  const t = useT();
  const { kind, phase } = editing;
  const [deadline, setDeadline] = useState<string | null>(kind === 'set' ? (phase.deadline ?? '') : '');
  const [reason, setReason] = useState('');
  const [working, setWorking] = useState(false);
  const valid = deadline !== null && (kind === 'set' || (deadline !== '' && reason.trim() !== ''));

  const submit = async () => {
    if (!valid || working) return;
    setWorking(true);
    const { notify, reportError } = useStore.getState();
    try {
      const v = kind === 'set'
        ? await invoke('calendar/set', { campaignId, phase: phase.phase, deadline })
        : await invoke('calendar/extend', { campaignId, phase: phase.phase, deadline, reason });
      notify('success', kind === 'set' ? { key: 'calendar.saved', params: { phase: phaseName } } : { key: 'calendar.extended', params: { phase: phaseName, date: displayDate(deadline) } });
      onSaved(v);
    } catch (error) {
      reportError(error);
      setWorking(false);
    }
  };

  return (
    <Modal
      title={t(kind === 'set' ? 'calendar.editTitle' : 'calendar.extendTitle', { phase: phaseName })}
      testId="calendar-dialog"
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={onClose} data-testid="calendar-cancel">
            {t('common.cancel')}
          </button>
          <button type="button" className="primary" onClick={() => void submit()} disabled={!valid || working} data-testid="calendar-ok">
            {t(kind === 'set' ? 'common.save' : 'calendar.extend')}
          </button>
        </>
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label className="field">
          <span>{kind === 'set' ? t('calendar.deadline') : t('calendar.newDeadline', { current: displayDate(phase.effective ?? '') })}</span>
          <DateInput value={kind === 'set' ? (phase.deadline ?? '') : ''} onChange={setDeadline} testId="calendar-date" label={t('calendar.deadline')} />
        </label>
        {kind === 'set' ? (
          <p className="hint">{t('calendar.editHint')}</p>
        ) : (
          <label className="field">
            <span>{t('calendar.reason')}</span>
            <textarea rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} aria-required="true" data-testid="calendar-reason" />
            {reason.trim() === '' && <small className="hint">{t('calendar.reasonRequired')}</small>}
          </label>
        )}
        <button type="submit" className="visually-hidden" tabIndex={-1} aria-hidden="true" />
      </form>
    </Modal>
  );
}
