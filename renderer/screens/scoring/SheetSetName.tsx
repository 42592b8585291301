// The criteria set a unit's sheet is scored under, beside its group: with several sets the same code means
// different criteria, so whoever scores must see which set the rows are. Nothing with one set.

import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';

export function SheetSetName({ set }: { set: { code: string; name: string } }) {
  const t = useT();
  const several = useStore((s) => (s.detail?.sets.length ?? 0) > 1);
  if (!several) return null;
  return (
    <span className="sheet-set" title={t('sets.ofSheet', { name: `${set.name} (${set.code})` })} data-testid="sheet-set" data-code={set.code}>
      {set.name}
    </span>
  );
}
