// Đơn vị tự đánh giá, beside the members: the secretariat registers a unit's key from its .pub (the
// fingerprint shown to read by phone, as for members), lists the registered units with their last
// self-assessment package, and exports each unit its own signed unit package.

import { useEffect, useState } from 'react';
import { vietnamTime } from '../../../shared/calendar.js';
import type { FilePayload, RegisteredUnit } from '../../../shared/contract.js';
import { invoke } from '../../api/client.js';
import { downloadPayload, readFileAsBase64 } from '../../api/files.js';
import { Modal } from '../../components/Modal.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { Fingerprint } from '../consolidate/Fingerprint.js';
import { FileButton } from '../consolidate/PackagesPanel.js';

/** What a .pub says about itself (checked by the server, used here only to notice a changed key). */
function claimedCard(text: string): { unitCode: string; fingerprint: string } | null {
  try {
    const raw: unknown = JSON.parse(text);
    if (typeof raw !== 'object' || raw === null) return null;
    const { unitCode, fingerprint } = raw as Record<string, unknown>;
    return typeof unitCode === 'string' && typeof fingerprint === 'string' ? { unitCode, fingerprint } : null;
  } catch {
    return null;
  }
}

interface Registered {
  unitCode: string;
  name: string;
  fingerprint: string;
}

export function UnitRegistrationPanel({ campaignId }: { campaignId: number }) {
  const t = useT();
  const busy = useStore((s) => s.busy.length > 0);
  const [units, setUnits] = useState<RegisteredUnit[] | null>(null);
  const [unitMachine, setUnitMachine] = useState(false);
  const [registered, setRegistered] = useState<Registered | null>(null);
  const [replacing, setReplacing] = useState<{ payload: FilePayload; unitCode: string; known: string; offered: string } | null>(null);

  // Bumped after a registration: the list is read again.
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    // A unit's own machine registers no one: the section is not shown there.
    Promise.all([invoke('unitIdentity/list', { campaignId }), invoke('unitIdentity/self', {})])
      .then(([list, own]) => {
        if (!live) return;
        setUnits(list);
        setUnitMachine(own !== null);
      })
      .catch((error: unknown) => live && useStore.getState().reportError(error));
    return () => {
      live = false;
    };
  }, [campaignId, version]);

  const send = async (payload: FilePayload, replaceKeyFingerprint?: string) => {
    const store = useStore.getState();
    try {
      const card = await invoke('unitIdentity/register', { campaignId, ...payload, ...(replaceKeyFingerprint ? { replaceKeyFingerprint } : {}) });
      setRegistered(card);
      store.notify('success', { key: 'unitReg.registered', params: { code: card.unitCode, name: card.name } });
      setVersion((v) => v + 1);
    } catch (error) {
      store.reportError(error);
    }
  };

  // A unit that changed machines brings a new key: both fingerprints are shown and the change confirmed
  // (the server checks the new one against the file's real key, and refuses a file that lies about it).
  const register = async (file: File) => {
    const payload = await readFileAsBase64(file);
    const offered = claimedCard(await file.text());
    const known = offered && units?.find((u) => u.unitCode === offered.unitCode && u.fingerprint !== offered.fingerprint);
    if (offered && known) setReplacing({ payload, unitCode: offered.unitCode, known: known.fingerprint, offered: offered.fingerprint });
    else await send(payload);
  };

  const exportFor = async (unitCode: string) => {
    const store = useStore.getState();
    try {
      const file = await store.runJob('busy.exportingPackage', (job) => invoke('package/export', { campaignId, forUnit: unitCode }, job));
      downloadPayload(file);
      store.notify('success', { key: 'common.downloaded', params: { file: file.fileName } });
      // The first package signed here creates the secretariat's profile: the top bar follows.
      if (!store.self) void store.loadSelf();
    } catch (error) {
      store.reportError(error);
    }
  };

  if (unitMachine) return null;
  return (
    <section className="subpanel unit-reg-panel" data-testid="unit-reg-panel">
      <div className="toolbar">
        <h2 className="section-title">{t('unitReg.title')}</h2>
        <span className="toolbar-spacer" />
        <FileButton accept=".pub" label={t('unitReg.register')} testId="unit-register" disabled={busy} onFile={register} />
      </div>
      <p className="hint">{t('unitReg.hint')}</p>
      {units === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : units.length === 0 ? (
        <p className="empty" data-testid="unit-reg-empty">
          {t('unitReg.empty')}
        </p>
      ) : (
        <table className="grid unit-reg-table" data-testid="unit-reg-table">
          <thead>
            <tr>
              <th>{t('unitReg.col.code')}</th>
              <th>{t('unitReg.col.unit')}</th>
              <th>{t('unitReg.col.name')}</th>
              <th>{t('unitReg.col.fingerprint')}</th>
              <th>{t('unitReg.col.package')}</th>
              <th className="actions">{t('unitReg.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {units.map((u) => (
              <tr key={u.uid} data-testid="unit-reg-row" data-unit={u.unitCode}>
                <td>{u.unitCode}</td>
                <td>{u.unitName || <span className="muted">{t('unitReg.notInCampaign')}</span>}</td>
                <td>{u.name}</td>
                <td className="unit-reg-fingerprint" data-testid="unit-reg-fingerprint">
                  {u.fingerprint}
                </td>
                <td>
                  {u.lastPackageAt === null ? (
                    <span className="muted">{t('tracker.noPackage')}</span>
                  ) : (
                    <>
                      {vietnamTime(new Date(u.lastPackageAt))} <span className="muted small">· {t('tracker.packages', { count: u.packages })}</span>
                    </>
                  )}
                </td>
                <td className="actions">
                  <button
                    type="button"
                    onClick={() => void exportFor(u.unitCode)}
                    disabled={busy || u.unitName === ''}
                    aria-label={t('unitReg.exportFor', { code: u.unitCode })}
                    data-testid={`unit-export-${u.unitCode}`}
                  >
                    {t('unitReg.export')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {replacing && (
        <Modal
          title={t('unitReg.replaceTitle', { code: replacing.unitCode })}
          testId="unit-replace-dialog"
          onClose={() => setReplacing(null)}
          footer={
            <>
              <button type="button" onClick={() => setReplacing(null)} data-testid="unit-replace-cancel" data-autofocus>
                {t('common.cancel')}
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => {
                  setReplacing(null);
                  void send(replacing.payload, replacing.offered);
                }}
                data-testid="unit-replace-confirm"
              >
                {t('unitReg.replaceConfirm')}
              </button>
            </>
          }
        >
          <div className="registered-body">
            <p className="hint-strong">{t('unitReg.replaceMessage', { code: replacing.unitCode })}</p>
            <p className="small">{t('unitReg.replaceKnown')}</p>
            <Fingerprint value={replacing.known} testId="unit-replace-known" />
            <p className="small">{t('unitReg.replaceOffered')}</p>
            <Fingerprint value={replacing.offered} testId="unit-replace-offered" />
          </div>
        </Modal>
      )}
      {registered && (
        <Modal
          title={t('unitReg.registeredTitle')}
          testId="unit-registered-dialog"
          onClose={() => setRegistered(null)}
          footer={
            <button type="button" className="primary" onClick={() => setRegistered(null)} data-testid="unit-registered-close" data-autofocus>
              {t('common.close')}
            </button>
          }
        >
          <div className="registered-body">
            <p className="registered-name">
              <strong data-testid="unit-registered-name">
                {registered.unitCode} — {registered.name}
              </strong>
            </p>
            <p className="hint-strong">{t('unitReg.registeredCheck', { name: registered.name })}</p>
            <Fingerprint value={registered.fingerprint} testId="unit-registered-fingerprint" />
            <p className="hint">{t('unitReg.registeredNext')}</p>
          </div>
        </Modal>
      )}
    </section>
  );
}
