// Unit mode, "Gói dữ liệu": what travels between the unit and the secretariat. In: the unit package the
// secretariat sent (its first one asks to check the secretariat's fingerprint by phone). Out: the signed
// self-assessment package, the evidence files it lists (.parevd, a job with progress), the báo cáo tự
// đánh giá (PDF or .docx), and the unit's own key (.pub) with its fingerprint.

import { useEffect } from 'react';
import { displayDateTime } from '../../format.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { EvidenceBundleExport } from '../consolidate/EvidenceBundle.js';
import { Fingerprint } from '../consolidate/Fingerprint.js';
import { FileButton } from '../consolidate/PackagesPanel.js';

export function UnitPackagesScreen() {
  const t = useT();
  const campaignId = useStore((s) => s.campaignId);
  const unitSelf = useStore((s) => s.unitSelf);
  const sheet = useStore((s) => s.selfSheet);
  const busy = useStore((s) => s.busy.length > 0);
  const { importPackage, exportSelfPackage, printSelfReport, exportUnitIdentity } = useStore.getState();

  useEffect(() => {
    void useStore.getState().loadSelfSheet();
  }, [campaignId]);

  const shown = sheet && sheet.campaignId === campaignId ? sheet : null;
  return (
    <div className="page unit-packages" data-testid="unit-packages">
      <div className="toolbar">
        <h1 className="page-title">{t('unit.packagesTitle')}</h1>
      </div>
      <section className="subpanel packages-panel" data-mode="unit">
        <p className="hint">{t('unit.packagesHint')}</p>
        <div className="package-steps">
          <div className="package-step">
            <span className="step-no">1</span>
            <FileButton accept=".parpkg" label={t('unit.importUnitPackage')} testId="unit-package-import" disabled={busy} onFile={importPackage} />
            <span className="muted small">{t('unit.importUnitPackageHint')}</span>
          </div>
          <div className="package-step">
            <span className="step-no">2</span>
            <button type="button" className="primary" onClick={() => void exportSelfPackage()} disabled={busy || campaignId === null || !shown} data-testid="unit-package-export">
              {t('unit.exportSelfPackage')}
            </button>
            <span className="muted small" data-testid="unit-last-export">
              {shown?.lastExport ? t('unit.lastExport', { n: shown.lastExport.sequence, at: displayDateTime(shown.lastExport.at) }) : t('unit.noExportYet')}
            </span>
          </div>
          <div className="package-step">
            <span className="step-no">3</span>
            {campaignId !== null && shown ? <EvidenceBundleExport forMember="" own /> : <span className="muted small">{t('unit.noSheet')}</span>}
          </div>
          <div className="package-step">
            <span className="step-no">4</span>
            <button type="button" onClick={() => void printSelfReport('pdf')} disabled={busy || !shown} data-testid="unit-report-pdf">
              {t('unit.reportPdf')}
            </button>
            <button type="button" onClick={() => void printSelfReport('docx')} disabled={busy || !shown} data-testid="unit-report-docx">
              {t('unit.reportDocx')}
            </button>
            <span className="muted small">{t('unit.reportHint')}</span>
          </div>
        </div>
      </section>
      {unitSelf && (
        <section className="subpanel unit-identity" data-testid="unit-identity">
          <h2 className="section-title">{t('unit.identityTitle')}</h2>
          <p>
            <strong>{unitSelf.name}</strong> <span className="muted">({unitSelf.unitCode}{unitSelf.agency ? ` · ${unitSelf.agency}` : ''})</span>
          </p>
          <p className="hint-strong">{t('unit.fingerprintHint')}</p>
          <Fingerprint value={unitSelf.fingerprint} testId="unit-fingerprint" />
          <button type="button" onClick={() => void exportUnitIdentity()} data-testid="unit-identity-export">
            {t('unit.exportIdentity')}
          </button>
        </section>
      )}
    </div>
  );
}
