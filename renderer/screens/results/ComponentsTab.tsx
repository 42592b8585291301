// Component indices: a units × areas heat map per group (below 80% highlighted, as the seed article
// reports them), the group's average per area, and for each unit the areas where it lost most points.

import { useState } from 'react';
import type { GroupRanking, RankRow } from '../../../shared/calc.js';
import { formatIndex } from '../../../shared/numbers.js';
import { percent, points } from '../../format.js';
import { useT } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { FilterBar, rowMatches } from './FilterBar.js';
import { HEAT_BUCKETS, LOW_COMPONENT, groupAverages, heatBucket, topLosses } from './model.js';

interface Area {
  code: string;
  name: string;
}

export function ComponentsTab() {
  const t = useT();
  const ranking = useStore((s) => s.ranking);
  const filter = useStore((s) => s.resultsFilter);
  const [showPoints, setShowPoints] = useState(false);
  if (!ranking) return null;
  // Each group's own set's areas; the legend lists each code and name once, and names the groups of a code
  // that means different areas in two sets (area 2 of the departments is not area 2 of the communes).
  const legend = new Map<string, Area & { groups: string[] }>();
  for (const g of ranking.groups) {
    for (const a of g.areas) {
      const key = `${a.code}\u0000${a.name}`;
      const entry = legend.get(key) ?? { code: a.code, name: a.name, groups: [] };
      entry.groups.push(g.name);
      legend.set(key, entry);
    }
  }
  const areas = [...legend.values()];
  const ambiguous = new Set(areas.filter((a, i) => areas.findIndex((b) => b.code === a.code) !== i).map((a) => a.code));

  return (
    <div className="results-body">
      <div className="toolbar">
        <FilterBar groups={ranking.groups} testIdPrefix="components" />
        <span className="toolbar-spacer" />
        <label className="checkbox">
          <input type="checkbox" checked={showPoints} onChange={(e) => setShowPoints(e.target.checked)} data-testid="heat-show-points" />
          {t('components.showPoints')}
        </label>
      </div>
      <HeatLegend />
      {ranking.groups.map((group) => (
        <HeatMap key={group.code} group={group} areas={group.areas} rows={group.rows.filter((r) => rowMatches(r, filter))} showPoints={showPoints} />
      ))}
      <section className="area-legend">
        <h2 className="section-title">{t('components.areas')}</h2>
        <dl data-testid="area-legend">
          {areas.map((a) => (
            <div key={`${a.code} ${a.name}`}>
              <dt>{t('ranking.area', { code: a.code })}</dt>
              <dd>
                {a.name}
                {ambiguous.has(a.code) && <span className="muted small"> ({a.groups.join(', ')})</span>}
              </dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}

function HeatLegend() {
  const t = useT();
  return (
    <ul className="heat-legend" aria-label={t('components.legend')}>
      <li className="muted small">{t('components.legend')}</li>
      {HEAT_BUCKETS.map((from, i) => {
        const to = HEAT_BUCKETS[i + 1];
        return (
          <li key={from} className={`heat heat-${i}${from < LOW_COMPONENT ? ' low' : ''}`}>
            {to === undefined ? t('ranking.bandRangeTop', { from: formatIndex(from) }) : t('components.range', { from: formatIndex(from), to: formatIndex(to) })}
          </li>
        );
      })}
      <li className="muted small">{t('components.lowHint')}</li>
    </ul>
  );
}

function HeatMap({ group, areas, rows, showPoints }: { group: GroupRanking; areas: Area[]; rows: RankRow[]; showPoints: boolean }) {
  const t = useT();
  const averages = groupAverages(group, areas.map((a) => a.code));
  return (
    <section className="ranking-group" data-testid={`heatmap-${group.code}`} data-name={group.name}>
      <h2 className="section-title">
        {group.name}
        <span className="muted small"> · {t('ranking.unitCount', { count: group.rows.length })}</span>
      </h2>
      <div className="table-scroll">
        <table className="grid heat-table">
          <thead>
            <tr>
              <th className="num col-rank" scope="col">
                {t('ranking.rank')}
              </th>
              <th scope="col">{t('ranking.unit')}</th>
              {areas.map((a) => (
                <th key={a.code} className="num col-area" title={a.name} scope="col">
                  {t('ranking.area', { code: a.code })}
                </th>
              ))}
              <th className="num col-index" scope="col">
                {t('ranking.index')}
              </th>
              <th className="num col-lowcount" scope="col" title={t('components.lowCountHint')}>
                {t('components.lowCount')}
              </th>
              <th scope="col" title={t('components.lostHint')}>
                {t('components.lost')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const losses = topLosses(row);
              const lowCount = areas.filter((a) => (row.components[a.code] ?? LOW_COMPONENT) < LOW_COMPONENT).length;
              return (
                !row.appraised ? (
                  <tr key={row.unitCode} className="not-appraised" data-testid={`heat-row-${row.unitCode}`} data-name={row.unitName} data-appraised="false">
                    <td className="num col-rank">—</td>
                    <td className="unit-cell">{row.unitName}</td>
                    <td colSpan={areas.length + 3} className="muted" title={t('ranking.notAppraisedTitle')}>
                      {t('ranking.notAppraised')}
                    </td>
                  </tr>
                ) : (
                <tr key={row.unitCode} data-testid={`heat-row-${row.unitCode}`} data-name={row.unitName}>
                  <td className="num col-rank">{row.rank ?? '—'}</td>
                  <td className="unit-cell">{row.unitName}</td>
                  {areas.map((a) => (
                    <HeatCell key={a.code} row={row} area={a} showPoints={showPoints} />
                  ))}
                  <td className="num strong">{percent(row.indexHundredths)}</td>
                  <td className={lowCount > 0 ? 'num low-count' : 'num muted'} data-testid="low-count">
                    {lowCount}
                  </td>
                  <td data-testid={`losses-${row.unitCode}`}>
                    {losses.length === 0 ? (
                      <span className="muted small">{t('components.noLoss')}</span>
                    ) : (
                      <ol className="losses">
                        {losses.map((loss) => {
                          const name = areas.find((a) => a.code === loss.areaCode)?.name ?? loss.areaCode;
                          return (
                            <li
                              key={loss.areaCode}
                              data-area={loss.areaCode}
                              title={t('components.cellTitle', { area: name, points: points(loss.pointsMilli), max: points(loss.maxMilli), index: percent(loss.indexHundredths) })}
                            >
                              <span className="loss-area">{t('ranking.area', { code: loss.areaCode })}</span>
                              <span className="loss-points">{t('components.lostPoints', { points: points(loss.lostMilli) })}</span>
                              <span className={loss.indexHundredths !== null && loss.indexHundredths < LOW_COMPONENT ? 'loss-index low' : 'loss-index'}>
                                {percent(loss.indexHundredths)}
                              </span>
                            </li>
                          );
                        })}
                      </ol>
                    )}
                  </td>
                </tr>
                )
              );
            })}
            {rows.length === 0 && (
              <tr>
                <td colSpan={areas.length + 5} className="empty">
                  {group.rows.length === 0 ? t('ranking.noUnits') : t('ranking.noMatch')}
                </td>
              </tr>
            )}
          </tbody>
          {group.rows.length > 0 && (
            <tfoot>
              <tr data-testid={`heat-average-${group.code}`}>
                <td />
                <th scope="row">{t('components.average')}</th>
                {areas.map((a) => {
                  const value = averages[a.code] ?? null;
                  return (
                    <td key={a.code} className={value === null ? 'num heat heat-na' : `num heat heat-${heatBucket(value)}${value < LOW_COMPONENT ? ' low' : ''}`} data-area={a.code}>
                      {percent(value)}
                    </td>
                  );
                })}
                <td colSpan={3} />
              </tr>
            </tfoot>
          )}
        </table>
      </div>
    </section>
  );
}

function HeatCell({ row, area, showPoints }: { row: RankRow; area: Area; showPoints: boolean }) {
  const t = useT();
  const value = row.components[area.code] ?? null;
  const pts = row.areaPoints[area.code];
  if (value === null || !pts) {
    return (
      <td className="num heat heat-na" title={`${area.name}: ${t('components.notApplicable')}`} data-testid={`heat-${row.unitCode}-${area.code}`} data-low="false">
        {t('components.naShort')}
      </td>
    );
  }
  const low = value < LOW_COMPONENT;
  return (
    <td
      className={`num heat heat-${heatBucket(value)}${low ? ' low' : ''}`}
      title={t('components.cellTitle', { area: area.name, points: points(pts.pointsMilli), max: points(pts.maxMilli), index: percent(value) })}
      data-testid={`heat-${row.unitCode}-${area.code}`}
      data-low={low}
      data-value={value}
    >
      {showPoints ? `${points(pts.pointsMilli)}/${points(pts.maxMilli)}` : percent(value)}
    </td>
  );
}
