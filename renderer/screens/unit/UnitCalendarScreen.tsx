// Unit mode, "Lịch thẩm định": the council's calendar as the last unit package brought it, read-only.

import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { CalendarPanel } from '../campaigns/CalendarPanel.js';
import { NoUnitCampaign } from './SelfScreen.js';

export function UnitCalendarScreen() {
  const t = useT();
  const campaignId = useStore((s) => s.campaignId);
  if (campaignId === null) return <NoUnitCampaign />;
  return (
    <div className="page unit-calendar" data-testid="unit-calendar">
      <div className="toolbar">
        <h1 className="page-title">{t('calendar.title')}</h1>
      </div>
      <CalendarPanel key={campaignId} campaignId={campaignId} locked />
    </div>
  );
}
