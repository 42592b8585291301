// Package exchange. The secretariat registers members from their .pub files, exports the signed campaign
// package and imports members' packages; a member exports their identity, imports the campaign package
// and exports their own. The server decides what a machine may do from its profile; this only picks
// which buttons to offer.

import { useEffect, useRef, useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { Fingerprint } from './Fingerprint.js';
import { SignedPackageExport } from '../signatures/SignedPackageExport.js';
import { EvidenceBundleExport, EvidenceBundleImport } from './EvidenceBundle.js';

/** A button that opens a hidden file input; the chosen file is handed over and the input reset. */
export function FileButton({ accept, label, testId, disabled, onFile }: { accept: string; label: string; testId: string; disabled: boolean; onFile: (file: File) => Promise<unknown> }) {
  const ref = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" onClick={() => ref.current?.click()} disabled={disabled} data-testid={testId}>
        {label}
      </button>
      <input
        ref={ref}
        type="file"
        accept={accept}
        className="visually-hidden"
        tabIndex={-1}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void onFile(file);
        }}
        data-testid={`${testId}-file`}
      />
    </>
  );
}

export function PackagesPanel() {
  const t = useT();
  const self = useStore((s) => s.self);
  const workspace = useStore((s) => s.workspace);
  const members = useStore((s) => s.members);
  const campaignId = useStore((s) => s.campaignId);
  const busy = useStore((s) => s.busy.length > 0);
  const ownIdentity = useStore((s) => s.ownIdentity);
  const { exportPackage, importPackage, registerIdentity, exportIdentity } = useStore.getState();
  const [forMember, setForMember] = useState('');
  // The first campaign package on a machine without a profile creates the secretariat's profile and
  // signing key: asked, not done silently.
  const [confirmProfile, setConfirmProfile] = useState(false);
  const isMember = (workspace?.mode ?? (self?.kind === 'member' ? 'member' : 'secretariat')) === 'member';

  useEffect(() => {
    if (!isMember) void useStore.getState().loadMembers();
  }, [campaignId, isMember]);

  const others = (members ?? []).filter((m) => !m.isSelf && m.kind === 'member');

  if (isMember) {
    return (
      <section className="subpanel packages-panel" data-testid="packages-panel" data-mode="member">
        <h2 className="section-title">{t('packages.title')}</h2>
        <p className="hint">{t('packages.hintMember')}</p>
        <div className="package-actions">
          <button type="button" onClick={() => void exportIdentity()} disabled={busy} data-testid="identity-export">
            {t('packages.exportIdentity')}
          </button>
          <FileButton accept=".parpkg" label={t('packages.importCampaign')} testId="package-import" disabled={busy} onFile={importPackage} />
          {/* Evidence bundle: the files of the campaign package's evidence links. */}
          <EvidenceBundleImport />
          {/* The files this member attached, for the secretariat (their package lists them, signed). */}
          <EvidenceBundleExport forMember="" own />
          {/* Digital signatures: a member whose packages are also signed with a certificate types the password or PIN. */}
          <SignedPackageExport
            fallback={
              <button type="button" className="primary" onClick={() => void exportPackage()} disabled={busy || campaignId === null} data-testid="package-export">
                {t('packages.exportMine')}
              </button>
            }
          />
        </div>
        {ownIdentity && (
          <div className="own-identity">
            <p className="hint-strong">{t('packages.ownFingerprint')}</p>
            <Fingerprint value={ownIdentity.fingerprint} testId="own-fingerprint" />
          </div>
        )}
      </section>
    );
  }

  return (
    <section className="subpanel packages-panel" data-testid="packages-panel" data-mode="secretariat">
      <h2 className="section-title">{t('packages.title')}</h2>
      <p className="hint">{t('packages.hintSecretariat')}</p>
      <div className="package-steps">
        <div className="package-step">
          <span className="step-no">1</span>
          <FileButton accept=".pub" label={t('packages.register')} testId="identity-register" disabled={busy || campaignId === null} onFile={registerIdentity} />
        </div>
        <div className="package-step">
          <span className="step-no">2</span>
          <label className="inline-field">
            <span>{t('packages.forMember')}</span>
            <select value={forMember} onChange={(e) => setForMember(e.target.value)} data-testid="package-for">
              <option value="">{t('packages.allMembers')}</option>
              {others.map((m) => (
                <option key={m.uid} value={m.uid}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="primary"
            onClick={() => (self === null ? setConfirmProfile(true) : void exportPackage(forMember || undefined))}
            disabled={busy || campaignId === null}
            data-testid="package-export"
          >
            {t('packages.exportCampaign')}
          </button>
          {confirmProfile && (
            <ConfirmDialog
              title={t('packages.createProfileTitle')}
              message={t('packages.createProfileMessage')}
              confirmLabel={t('packages.createProfileConfirm')}
              onConfirm={() => exportPackage(forMember || undefined)}
              onClose={() => setConfirmProfile(false)}
            />
          )}
          {/* Evidence bundle: the files for the same member (or everybody), sent beside the package. */}
          <EvidenceBundleExport forMember={forMember} />
        </div>
        <div className="package-step">
          <span className="step-no">3</span>
          <FileButton accept=".parpkg" label={t('packages.importMember')} testId="package-import" disabled={busy} onFile={importPackage} />
          {/* The member's evidence bundle: accepted only for files a verified member package named. */}
          <EvidenceBundleImport />
        </div>
      </div>
    </section>
  );
}
