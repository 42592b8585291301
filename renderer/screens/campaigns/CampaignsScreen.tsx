// Campaigns: the list, create / import / export / delete, and the selected campaign's
// decision info and settings (groups, bands, units). A member's machine lists its campaigns and takes
// packages only: the rest is the secretariat's.

import { useRef, useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { ImportIssues } from '../../components/ImportIssues.js';
import { displayDate } from '../../format.js';
import { TabList } from '../../components/TabList.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { CreateCampaignDialog } from './CreateCampaignDialog.js';
import { CriteriaSetsPanel } from './CriteriaSetsPanel.js';
import { DecisionForm } from './DecisionForm.js';
import { GroupsEditor } from './GroupsEditor.js';
import { IndexRulesForm } from './IndexRulesForm.js';
import { MembersPanel } from './MembersPanel.js';
import { UnitRegistrationPanel } from '../tracker/UnitRegistrationPanel.js';
import { UnitsEditor } from './UnitsEditor.js';
import { CalendarPanel } from './CalendarPanel.js';
import { PackagesPanel } from '../consolidate/PackagesPanel.js';
import { Icon } from '../../components/Icon.js';
import type { CampaignSummary } from '../../../shared/contract.js';

const CAMPAIGN_TABS = ['decision', 'settings', 'members', 'packages', 'calendar'] as const;
type Tab = (typeof CAMPAIGN_TABS)[number];
/** A member's machine: the campaign comes by package; the package exchange is the member's, the calendar is read there. */
const MEMBER_TABS = ['packages', 'calendar'] as const satisfies readonly Tab[];

export function CampaignsScreen() {
  const t = useT();
  const campaigns = useStore((s) => s.campaigns);
  const campaignsLoaded = useStore((s) => s.campaignsLoaded);
  const campaignId = useStore((s) => s.campaignId);
  const detail = useStore((s) => s.detail);
  const selectCampaign = useStore((s) => s.selectCampaign);
  const importWorkbook = useStore((s) => s.importWorkbook);
  const exportWorkbook = useStore((s) => s.exportWorkbook);
  const deleteCampaign = useStore((s) => s.deleteCampaign);
  const importFailure = useStore((s) => s.importFailure);
  const clearImportFailure = useStore((s) => s.clearImportFailure);
  const busy = useStore((s) => s.busy.length > 0);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<CampaignSummary | null>(null);
  const memberMachine = useStore((s) => s.self?.kind === 'member');
  const duplicateImport = useStore((s) => s.duplicateImport);
  const [chosenTab, setTab] = useState<Tab>('decision');
  const tabs: readonly Tab[] = memberMachine ? MEMBER_TABS : CAMPAIGN_TABS;
  const tab: Tab = tabs.includes(chosenTab) ? chosenTab : tabs[0]!;
  const fileInput = useRef<HTMLInputElement>(null);
  const packageInput = useRef<HTMLInputElement>(null);
  const importPackage = useStore((s) => s.importPackage);

  const onFile = async (files: FileList | null) => {
    const file = files?.[0];
    if (fileInput.current) fileInput.current.value = '';
    if (file) await importWorkbook(file);
  };

  return (
    <div className="page campaigns-page">
      <div className="toolbar">
        <h1 className="page-title">{t('campaigns.title')}</h1>
        <span className="toolbar-spacer" />
        {!memberMachine && (
          <>
            <button type="button" className="primary" onClick={() => setCreating(true)} data-testid="campaign-new">
              {t('campaigns.new')}
            </button>
            <button type="button" onClick={() => fileInput.current?.click()} disabled={busy} data-testid="campaign-import">
              {t('campaigns.import')}
            </button>
          </>
        )}
        <input
          ref={fileInput}
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          className="visually-hidden"
          tabIndex={-1}
          onChange={(e) => void onFile(e.target.files)}
          data-testid="campaign-import-file"
        />
        <button type="button" onClick={() => packageInput.current?.click()} disabled={busy} data-testid="campaign-import-package">
          {t('campaigns.importPackage')}
        </button>
        <input
          ref={packageInput}
          type="file"
          accept=".parpkg"
          className="visually-hidden"
          tabIndex={-1}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importPackage(file);
          }}
          data-testid="campaign-import-package-file"
        />
      </div>

      {memberMachine && (
        <p className="hint role-hint" data-testid="member-machine-hint">
          {t('campaigns.memberHint')}
        </p>
      )}
      <ImportIssues failure={importFailure} onClose={clearImportFailure} />

      <table className="grid campaigns-table" data-testid="campaign-table">
        <thead>
          <tr>
            <th>{t('campaigns.col.name')}</th>
            <th className="num">{t('campaigns.col.year')}</th>
            <th>{t('campaigns.col.issuer')}</th>
            <th>{t('campaigns.col.decision')}</th>
            <th className="num">{t('campaigns.col.units')}</th>
            <th className="num">{t('campaigns.col.groups')}</th>
            {!memberMachine && <th className="actions">{t('campaigns.col.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {campaigns.map((c) => (
            <tr
              key={c.id}
              className={c.id === campaignId ? 'selected' : ''}
              onClick={() => c.id !== campaignId && void selectCampaign(c.id)}
              data-testid={`campaign-row-${c.id}`}
              data-name={c.name}
            >
              <td className="strong">
                {c.name}
                {c.status === 'final' && (
                  <span className="badge locked" data-testid={`campaign-locked-${c.id}`}>
                    <Icon name="lock" /> {t('campaigns.locked')}
                  </span>
                )}
              </td>
              <td className="num">{c.year}</td>
              <td>{c.issuer}</td>
              <td>
                {c.decisionNo
                  ? t('campaigns.decisionShort', { no: c.decisionNo, date: displayDate(c.decisionDate) || '—' })
                  : '—'}
              </td>
              <td className="num">{c.unitCount}</td>
              <td className="num">{c.groupCount}</td>
              {!memberMachine && (
                <td className="actions" onClick={(e) => e.stopPropagation()}>
                  <button type="button" className="link" onClick={() => void exportWorkbook(c.id)} disabled={busy} data-testid={`campaign-export-${c.id}`}>
                    {t('campaigns.export')}
                  </button>
                  <button type="button" className="link danger" onClick={() => setDeleting(c)} data-testid={`campaign-delete-${c.id}`}>
                    {t('common.delete')}
                  </button>
                </td>
              )}
            </tr>
          ))}
          {campaignsLoaded && campaigns.length === 0 && (
            <tr>
              <td colSpan={memberMachine ? 6 : 7} className="empty">
                {t('campaigns.empty')}
              </td>
            </tr>
          )}
        </tbody>
      </table>

      {detail && (
        <section className="panel" data-testid="campaign-detail">
          <TabList
            prefix="campaign"
            tabs={tabs}
            current={tab}
            onSelect={setTab}
            label={t('campaigns.title')}
            testIdOf={(id) => `tab-${id}`}
            labelOf={(id) => t(`campaigns.tab.${id}`)}
          >
            <span className="tabs-info">
              {/* With several sets the figures add up every set's: the count says so. */}
              {detail.sets.length > 1 && `${t('sets.summary', { count: detail.sets.length })} · `}
              {t('campaigns.summary', {
                criteria: detail.sets.reduce((n, x) => n + x.criteriaCount, 0),
                leaves: detail.sets.reduce((n, x) => n + x.leafCount, 0),
                areas: detail.sets.reduce((n, x) => n + x.areas.length, 0),
              })}
            </span>
          </TabList>
          {tab === 'decision' ? (
            <DecisionForm key={detail.campaign.id} campaign={detail.campaign} />
          ) : tab === 'members' ? (
            <>
              <MembersPanel key={`m-${detail.campaign.id}`} />
              {!memberMachine && <UnitRegistrationPanel key={`ur-${detail.campaign.id}`} campaignId={detail.campaign.id} />}
            </>
          ) : tab === 'packages' ? (
            <PackagesPanel key={`p-${detail.campaign.id}`} />
          ) : tab === 'calendar' ? (
            <CalendarPanel key={`c-${detail.campaign.id}`} campaignId={detail.campaign.id} locked={detail.campaign.status === 'final'} />
          ) : (
            <div className="settings">
              <CriteriaSetsPanel key={`s-${detail.campaign.id}`} />
              <IndexRulesForm key={`r-${detail.campaign.id}-${detail.campaign.status}`} campaign={detail.campaign} />
              <GroupsEditor key={`g-${detail.campaign.id}`} />
              <UnitsEditor key={`u-${detail.campaign.id}`} />
            </div>
          )}
        </section>
      )}

      {creating && <CreateCampaignDialog onClose={() => setCreating(false)} />}
      {duplicateImport && (
        <ConfirmDialog
          title={t('campaigns.duplicateTitle')}
          message={t('campaigns.duplicateMessage', { detail: duplicateImport.message })}
          confirmLabel={t('campaigns.duplicateConfirm')}
          onConfirm={() => useStore.getState().resolveDuplicateImport(true)}
          onClose={() => void useStore.getState().resolveDuplicateImport(false)}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={t('campaigns.deleteTitle')}
          message={t('campaigns.deleteConfirm', { name: deleting.name, units: deleting.unitCount })}
          confirmLabel={t('campaigns.deleteOk')}
          onConfirm={() => deleteCampaign(deleting.id)}
          onClose={() => setDeleting(null)}
        />
      )}
    </div>
  );
}
