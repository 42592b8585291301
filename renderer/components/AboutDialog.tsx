// "Giới thiệu": the product, its version and where the data lives — the same facts the Electron menu's
// About box gives, for every host (the browser host has no application menu).

import { useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/contract.js';
import { invoke } from '../api/client.js';
import { useT } from '../i18n.js';
import { Modal } from './Modal.js';

export function AboutButton() {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="link-button about-button" data-testid="about-open" onClick={() => setOpen(true)} title={t('about.title')}>
        {t('about.open')}
      </button>
      {open && <AboutDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function AboutDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    invoke('app/info', {}).then(setInfo, () => setFailed(true));
  }, []);
  return (
    <Modal title={t('about.title')} testId="about-dialog" onClose={onClose} footer={<button type="button" className="primary" onClick={onClose} autoFocus>{t('common.close')}</button>}>
      <p className="about-product">{t('about.product')}</p>
      <p className="about-purpose">{t('about.purpose')}</p>
      {failed && <p className="status-error">{t('about.unavailable')}</p>}
      {info && (
        <dl className="about-facts">
          <dt>{t('about.version')}</dt>
          <dd data-testid="about-version">{info.version}</dd>
          <dt>{t('about.host')}</dt>
          <dd>{t(info.host === 'electron' ? 'about.host.electron' : info.host === 'browser' ? 'about.host.browser' : 'about.host.cli')}</dd>
          <dt>{t('about.dataDir')}</dt>
          <dd className="about-path">{info.dataDir}</dd>
          <dt>{t('about.database')}</dt>
          <dd className="about-path">{info.dbPath}</dd>
        </dl>
      )}
    </Modal>
  );
}
