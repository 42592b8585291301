// "Sao lưu và khôi phục": back up now (the archive is then downloaded), the app's backups with their
// date and size, restore from one of them or from a picked .parbak after a confirmation that names
// what is replaced, and the number of backups kept. Every control is a button or input: Tab reaches all.

import { useEffect, useRef, useState } from 'react';
import type { BackupCreated, BackupRestored } from '../../../shared/contract.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { Modal } from '../../components/Modal.js';
import { displayDateTime, fileSize } from '../../format.js';
import { useT } from '../../i18n.js';
import { downloadBackup } from '../../store/backupSlice.js';
import { useStore } from '../../store/index.js';

type Pending = { name: string } | { file: File };

export function BackupDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const overview = useStore((s) => s.backupOverview);
  const createBackupNow = useStore((s) => s.createBackupNow);
  const restoreBackup = useStore((s) => s.restoreBackup);
  const setBackupKeep = useStore((s) => s.setBackupKeep);
  const campaignCount = useStore((s) => s.campaigns.length);
  const [working, setWorking] = useState<'backup' | 'restore' | null>(null);
  const [made, setMade] = useState<BackupCreated | null>(null);
  const [restored, setRestored] = useState<BackupRestored | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [uploaded, setUploaded] = useState<number | null>(null);
  /** What the user typed; null shows the saved value. */
  const [keepDraft, setKeepDraft] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const keep = keepDraft ?? String(overview?.keep ?? '');

  // While an operation runs, the list call also reports its progress: asked for twice a second.
  useEffect(() => {
    if (working === null) return undefined;
    const timer = setInterval(() => void useStore.getState().loadBackups(), 500);
    return () => clearInterval(timer);
  }, [working]);
  const progress = working !== null && overview?.progress && overview.progress.total > 0 ? Math.floor((overview.progress.done / overview.progress.total) * 100) : null;
  const keepNumber = Number(keep);
  const keepValid = Number.isInteger(keepNumber) && keepNumber >= 1 && keepNumber <= 100;

  const backupNow = async () => {
    setWorking('backup');
    setMade(null);
    setMade(await createBackupNow());
    setWorking(null);
  };

  const restore = async (source: Pending) => {
    setWorking('restore');
    setUploaded(null);
    const result = await restoreBackup(source, (sent, size) => setUploaded(size > 0 ? Math.floor((sent / size) * 100) : 100));
    setWorking(null);
    setUploaded(null);
    if (result) setRestored(result);
  };

  if (restored) {
    return (
      <Modal
        title={t('backup.title')}
        testId="backup-dialog"
        onClose={() => window.location.reload()}
        footer={
          <button type="button" className="primary" onClick={() => window.location.reload()} autoFocus data-testid="backup-reload">
            {t('backup.reload')}
          </button>
        }
      >
        <div className="backup-result" role="status" data-testid="backup-restored">
          <p>
            {t('backup.restored', {
              when: displayDateTime(restored.createdAt),
              campaigns: restored.campaigns,
              files: restored.evidenceFiles,
              added: restored.evidenceAdded,
            })}
          </p>
          {restored.safetyCopy && <p className="hint backup-path">{t('backup.safetyCopy', { path: restored.safetyCopy })}</p>}
          <p className="hint">{t('backup.reloadHint')}</p>
        </div>
      </Modal>
    );
  }

  const items = overview?.items ?? [];
  return (
    <>
      <Modal
        title={t('backup.title')}
        testId="backup-dialog"
        onClose={onClose}
        wide
        footer={
          <button type="button" onClick={onClose} data-testid="backup-close">
            {t('common.close')}
          </button>
        }
      >
        <div className="backup-dialog">
          <p className="hint">{t('backup.intro')}</p>
          {overview?.notice && (
            <p className="issues backup-notice" role="alert" data-testid="backup-notice">
              {t('backup.notice', { detail: overview.notice })}
            </p>
          )}
          <div className="backup-actions">
            <button type="button" className="primary" onClick={() => void backupNow()} disabled={working !== null} autoFocus data-testid="backup-now">
              {working === 'backup' ? t('backup.working') : t('backup.now')}
            </button>
            <span className="backup-progress" role="status" aria-live="polite" data-testid="backup-status">
              {working === 'backup' && (progress !== null ? t('backup.workingPercent', { percent: progress }) : t('backup.working'))}
              {working === 'restore' &&
                (uploaded !== null && uploaded < 100
                  ? t('backup.uploading', { percent: uploaded })
                  : progress !== null
                    ? t('backup.checkingPercent', { percent: progress })
                    : t('backup.restoring'))}
              {working === null && made && t('backup.created', { name: made.name, size: fileSize(made.size) })}
            </span>
          </div>
          {working === null && made && (made.missingBlobs > 0 || made.damagedBlobs > 0) && (
            <p className="hint">{t('backup.createdWarnings', { missing: made.missingBlobs, damaged: made.damagedBlobs })}</p>
          )}

          <h3 className="section-title">{t('backup.listTitle')}</h3>
          {items.length === 0 ? (
            <p className="muted" data-testid="backup-empty">
              {t('backup.empty')}
            </p>
          ) : (
            <div className="backup-list">
              <table className="grid backup-table" data-testid="backup-list">
                <thead>
                  <tr>
                    <th>{t('backup.col.when')}</th>
                    <th>{t('backup.col.kind')}</th>
                    <th className="num">{t('backup.col.size')}</th>
                    <th className="actions">{t('backup.col.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((item) => (
                    <tr key={item.name} data-testid="backup-row" data-name={item.name}>
                      <td title={item.name}>{displayDateTime(item.createdAt)}</td>
                      <td>{t(item.kind === 'auto' ? 'backup.kind.auto' : 'backup.kind.manual')}</td>
                      <td className="num">{fileSize(item.size)}</td>
                      <td className="actions">
                        <button type="button" onClick={() => downloadBackup(item.name)} title={t('backup.downloadTitle', { name: item.name })} data-testid="backup-download">
                          {t('backup.download')}
                        </button>{' '}
                        <button
                          type="button"
                          className="danger"
                          onClick={() => setPending({ name: item.name })}
                          disabled={working !== null}
                          title={t('backup.restoreThisTitle', { name: item.name })}
                          data-testid="backup-restore-saved"
                        >
                          {t('backup.restoreThis')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p className="hint">
            {overview?.autoEnabled ? t('backup.auto') : t('backup.autoOff')}{' '}
            {overview?.lastAutoAt ? t('backup.lastAuto', { when: displayDateTime(overview.lastAutoAt) }) : t('backup.neverAuto')}
          </p>
          <form
            className="backup-keep"
            onSubmit={(e) => {
              e.preventDefault();
              if (keepValid) void setBackupKeep(keepNumber).then((ok) => ok && setKeepDraft(null));
            }}
          >
            <label className="field backup-keep-field">
              <span>{t('backup.keep')}</span>
              <input type="number" min={1} max={100} step={1} value={keep} onChange={(e) => setKeepDraft(e.target.value)} aria-invalid={!keepValid} data-testid="backup-keep" />
            </label>
            <button type="submit" disabled={!keepValid || Number(keep) === overview?.keep} data-testid="backup-keep-save">
              {t('common.save')}
            </button>
          </form>
          {!keepValid && <span className="field-error">{t('backup.keepInvalid')}</span>}
          <p className="hint">{t('backup.keepHint')}</p>
          {overview && <p className="hint backup-path">{t('backup.folder', { folder: overview.folder })}</p>}

          <h3 className="section-title">{t('backup.restoreTitle')}</h3>
          <p className="hint">{t('backup.restoreIntro')}</p>
          <div className="backup-actions">
            <button type="button" onClick={() => fileInput.current?.click()} disabled={working !== null} data-testid="backup-restore-file">
              {t('backup.restoreFile')}
            </button>
            <input
              ref={fileInput}
              type="file"
              accept=".parbak"
              className="visually-hidden"
              tabIndex={-1}
              aria-hidden="true"
              data-testid="backup-file-input"
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) setPending({ file });
              }}
            />
          </div>
        </div>
      </Modal>
      {pending && (
        <ConfirmDialog
          title={t('backup.confirmTitle')}
          message={t('backup.confirmMessage', { name: 'name' in pending ? pending.name : pending.file.name, count: campaignCount })}
          confirmLabel={t('backup.confirmOk')}
          onConfirm={() => {
            // The confirmation closes at once; progress shows in this dialog.
            void restore(pending);
            return Promise.resolve();
          }}
          onClose={() => setPending(null)}
        />
      )}
    </>
  );
}
