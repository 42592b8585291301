// The evidence bundle (.parevd) in the packages panel. The secretariat sees how many files and bytes the
// bundle for the chosen member (or everybody) holds, exports it with a progress bar and downloads it; a
// member does the same with the files they attached, for the secretariat. The receiving machine uploads
// one in slices (never base64'd whole), then the server checks every file against the links of a verified
// package (a job: progress and cancel in the progress dialog), and the open unit's evidence list is refreshed.

import { useEffect, useState } from 'react';
import type { EvidenceBundleImported, EvidenceBundlePlan } from '../../../shared/contract.js';
import { bundleUrl, invoke, type JobOptions } from '../../api/client.js';
import { uploadFile } from '../../api/upload.js';
import { fileSize } from '../../format.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { FileButton } from './PackagesPanel.js';
import { ProgressBar } from '../workspace/ProgressBar.js';

// The server's part (export, import) runs as a job: its progress and Hủy are in the progress dialog.
type Phase = { kind: 'idle' } | { kind: 'upload'; done: number; total: number } | { kind: 'server' };

const percentOf = (p: { done: number; total: number } | null | undefined): number => (p && p.total > 0 ? Math.floor((p.done / p.total) * 100) : 0);

function download(name: string): void {
  const link = document.createElement('a');
  link.href = bundleUrl(name);
  link.download = name;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
}

/** Imports a bundle (uploaded or handed over by the OS), then refreshes the open unit's evidence. */
export async function importEvidenceBundle(call: (job: JobOptions) => Promise<EvidenceBundleImported>): Promise<EvidenceBundleImported | null> {
  const store = useStore.getState();
  try {
    const result = await store.runJob('busy.importingBundle', call);
    store.notify('success', { key: 'evidenceBundle.imported', params: { campaign: result.campaignName, added: result.newFiles, here: result.alreadyHere } });
    if (store.campaignId === result.campaignId) await Promise.all([store.loadEvidence(), store.reloadMemberSheet()]);
    return result;
  } catch (error) {
    store.reportError(error);
    return null;
  }
}

/** `own`: on a member's machine, the bundle of the files the member attached, sent beside their package. */
export function EvidenceBundleExport({ forMember, own = false }: { forMember: string; own?: boolean }) {
  const t = useT();
  const campaignId = useStore((s) => s.campaignId);
  const [plan, setPlan] = useState<EvidenceBundlePlan | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });

  useEffect(() => {
    if (campaignId === null) return undefined;
    let live = true;
    invoke('evidenceBundle/plan', { campaignId, ...(forMember ? { forMember } : {}) }).then(
      (p) => live && setPlan(p),
      () => live && setPlan(null),
    );
    return () => {
      live = false;
    };
  }, [campaignId, forMember]);

  const run = async () => {
    if (campaignId === null) return;
    setPhase({ kind: 'server' });
    try {
      const made = await useStore.getState().runJob('busy.exportingBundle', (job) => invoke('evidenceBundle/export', { campaignId, ...(forMember ? { forMember } : {}) }, job));
      download(made.downloadName);
      useStore.getState().notify('success', { key: 'evidenceBundle.exported', params: { file: made.downloadName, files: made.files, size: fileSize(made.bytes) } });
    } catch (error) {
      useStore.getState().reportError(error);
    } finally {
      setPhase({ kind: 'idle' });
    }
  };

  const summary = plan === null ? '' : plan.files === 0 ? t(own ? 'evidenceBundle.planOwnEmpty' : 'evidenceBundle.planEmpty') : plan.absentLinks > 0
    ? t('evidenceBundle.planAbsent', { files: plan.files, size: fileSize(plan.bytes), absent: plan.absentLinks })
    : t('evidenceBundle.plan', { files: plan.files, size: fileSize(plan.bytes) });
  return (
    <div className="evidence-bundle" data-testid="evidence-bundle-export">
      <button type="button" onClick={() => void run()} disabled={phase.kind !== 'idle' || campaignId === null || plan === null || plan.files === 0} title={t(own ? 'evidenceBundle.exportOwnTitle' : 'evidenceBundle.exportTitle')} data-testid="evidence-bundle-export-button">
        {t(own ? 'evidenceBundle.exportOwn' : 'evidenceBundle.export')}
      </button>
      <span className="muted small" data-testid="evidence-bundle-plan">{summary}</span>
    </div>
  );
}

export function EvidenceBundleImport() {
  const t = useT();
  const busy = useStore((s) => s.busy.length > 0);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [result, setResult] = useState<EvidenceBundleImported | null>(null);

  const onFile = async (file: File) => {
    setResult(null);
    setPhase({ kind: 'upload', done: 0, total: file.size });
    try {
      let uploadId: string;
      try {
        uploadId = (await uploadFile(file, (sent, size) => setPhase({ kind: 'upload', done: sent, total: size }), 'evidenceBundle/uploadBegin')).uploadId;
      } catch (error) {
        useStore.getState().reportError(error);
        return;
      }
      setPhase({ kind: 'server' });
      setResult(await importEvidenceBundle((job) => invoke('evidenceBundle/import', { source: { kind: 'upload', uploadId } }, job)));
    } finally {
      setPhase({ kind: 'idle' });
    }
  };

  return (
    <div className="evidence-bundle" data-testid="evidence-bundle-import">
      <FileButton accept=".parevd" label={t('evidenceBundle.import')} testId="evidence-bundle-import-button" disabled={busy || phase.kind !== 'idle'} onFile={onFile} />
      {phase.kind === 'upload' && (
        <span className="evidence-bundle-progress" role="status" aria-live="polite" data-testid="evidence-bundle-progress">
          {t('evidenceBundle.uploading', { percent: percentOf(phase) })}
          <ProgressBar done={phase.done} total={phase.total} />
        </span>
      )}
      {result && (
        <span className="muted small" role="status" data-testid="evidence-bundle-result">
          {t('evidenceBundle.imported', { campaign: result.campaignName, added: result.newFiles, here: result.alreadyHere })}
          {result.stillMissing > 0 && ` ${t('evidenceBundle.stillMissing', { count: result.stillMissing })}`}
        </span>
      )}
    </div>
  );
}
