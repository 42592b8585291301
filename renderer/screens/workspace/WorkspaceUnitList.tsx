// Member mode: the overall progress (always in view), then the units grouped, each with the member's
// progress, recusal and open requests; a search box goes to a unit by name, with or without diacritics.

import type { WorkspaceInfo } from '../../../shared/contract.js';
import { useT } from '../../i18n.js';
import { useUnitSearch } from '../scoring/useUnitSearch.js';
import { useStore } from '../../store/index.js';
import { ProgressBar } from './ProgressBar.js';
import { Icon } from '../../components/Icon.js';


interface WorkspaceUnitListProps {
  workspace: WorkspaceInfo;
  onOpen: (unitCode: string, focusSheet: boolean) => void;
}

export function WorkspaceUnitList({ workspace, onOpen }: WorkspaceUnitListProps) {
  const t = useT();
  const unitCode = useStore((s) => s.memberUnitCode);
  const { query, setQuery, listRef, searchRef, visible, grouped, onSearchKey, onListKey } = useUnitSearch(workspace.units, unitCode, onOpen);

  const overallDone = workspace.assignedLeaves > 0 && workspace.scoredLeaves >= workspace.assignedLeaves;
  return (
    <aside className="unit-pane" data-testid="unit-pane">
      <div className="overall" data-testid="overall-progress-box">
        <div className="overall-head">
          <span>{t('workspace.overall')}</span>
          <strong className={overallDone ? 'num done' : 'num'} data-testid="overall-progress">
            {workspace.scoredLeaves}/{workspace.assignedLeaves}
          </strong>
        </div>
        <ProgressBar done={workspace.scoredLeaves} total={workspace.assignedLeaves} />
        {workspace.areas.length === 0 && <p className="overall-hint">{t('workspace.noAreas')}</p>}
      </div>
      <input
        ref={searchRef}
        className="search unit-search"
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onSearchKey}
        placeholder={t('scoring.searchPlaceholder')}
        title={t('scoring.searchShortcut')}
        aria-label={t('scoring.searchPlaceholder')}
        data-testid="unit-search"
      />
      <div className="unit-list" ref={listRef} onKeyDown={onListKey} data-testid="unit-list">
        {grouped.map((g) => (
          <div key={g.name} className="unit-group">
            <div className="unit-group-name">{g.name}</div>
            {g.units.map((u) => {
              const done = u.assignedLeaves > 0 && u.scoredLeaves >= u.assignedLeaves;
              const classes = ['unit-item'];
              if (u.code === unitCode) classes.push('active');
              if (u.recused) classes.push('recused');
              else if (u.assignedLeaves === 0) classes.push('unassigned');
              return (
                <button
                  key={u.code}
                  type="button"
                  className={classes.join(' ')}
                  aria-current={u.code === unitCode ? 'true' : undefined}
                  onClick={() => onOpen(u.code, false)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      onOpen(u.code, true);
                    }
                  }}
                  title={u.recused ? t('workspace.recusedTitle', { reason: u.recusalReason }) : undefined}
                  data-testid={`unit-item-${u.code}`}
                  data-name={u.name}
                  data-recused={u.recused ? 'true' : 'false'}
                >
                  <span className="unit-item-name">{u.name}</span>
                  <span className={done ? 'unit-progress done' : 'unit-progress'} data-testid={`unit-progress-${u.code}`}>
                    {u.recused ? t('workspace.recusedShort') : `${u.scoredLeaves}/${u.assignedLeaves}`}
                  </span>
                  {u.recused ? (
                    <span className="unit-note recused-note" data-testid={`unit-recused-${u.code}`}>
                      <Icon name="ban" /> {u.recusalReason}
                    </span>
                  ) : (
                    <ProgressBar done={u.scoredLeaves} total={u.assignedLeaves} />
                  )}
                  {!u.recused && (u.missingReasons > 0 || u.openRequests > 0) && (
                    <span className="unit-note">
                      {u.missingReasons > 0 && <span className="warn-text">{t('workspace.missingReasons', { count: u.missingReasons })}</span>}
                      {u.openRequests > 0 && <span className="muted">{t('workspace.openRequests', { count: u.openRequests })}</span>}
                    </span>
                  )}
                </button>
              );
            })}
          </div>
        ))}
        {visible.length === 0 && <p className="empty">{workspace.units.length === 0 ? t('scoring.noUnits') : t('scoring.noMatch')}</p>}
      </div>
    </aside>
  );
}
