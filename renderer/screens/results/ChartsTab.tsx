// Charts (chart.js): the indices of a group's units with the band thresholds as lines, and one
// unit's component indices against the group's average per area. Each exports as a PNG.

import { useMemo, useState, type ReactNode } from 'react';
import type { GroupRanking } from '../../../shared/calc.js';
import { formatIndex } from '../../../shared/numbers.js';
import { downloadDataUrl } from '../../api/files.js';
import { barValues, chartPng, thresholdLabelRoom, thresholdLines, useChart, whiteBackground, type BarConfig, type ThresholdLine } from '../../charts/useChart.js';
import { useT, type Translate } from '../../i18n.js';
import { useStore } from '../../store/index.js';
import { BandLegend } from './FilterBar.js';
import { LOW_COMPONENT, asciiFileName, bandTone, bandsDescending, groupAverages } from './model.js';
import { AVERAGE_COLOR, LOW_LINE_COLOR, UNIT_COLOR, bandColor } from './palette.js';

/** Percent with a decimal comma, as axis ticks and labels are read: 87.75 → "87,75". */
const pct = (value: number) => formatIndex(Math.round(value * 100));
const tick = (value: number | string) => `${String(value).replace('.', ',')}%`;

/** One bar per row this tall (px): a label line of 11px text never touches the next. */
const ROW_HEIGHT = 20;

/**
 * A unit's label on the category axis: rank and name on one line. A long name loses its middle, not its
 * end, where names differ ("Ủy ban nhân dân … xã Vĩnh Thạnh"); the tooltip has it all.
 */
function unitLabel(name: string, rank: number | null, width = 36): string {
  const short = name.length > width ? `${name.slice(0, 14).trimEnd()}…${name.slice(name.length - (width - 15)).trimStart()}` : name;
  return rank === null ? short : `${rank}. ${short}`;
}

export function ChartsTab() {
  const t = useT();
  const ranking = useStore((s) => s.ranking);
  const [groupCode, setGroupCode] = useState<string | null>(null);
  const [unitCode, setUnitCode] = useState<string | null>(null);
  if (!ranking) return null;
  const group = ranking.groups.find((g) => g.code === groupCode) ?? ranking.groups.find((g) => g.rows.length > 0) ?? ranking.groups[0];
  if (!group) return <p className="empty">{t('ranking.noUnits')}</p>;
  const unit = group.rows.find((r) => r.unitCode === unitCode) ?? group.rows[0] ?? null;

  return (
    <div className="results-body charts-tab">
      <div className="filter-bar">
        <label className="inline-field">
          <span>{t('charts.group')}</span>
          <select
            value={group.code}
            onChange={(e) => {
              setGroupCode(e.target.value);
              setUnitCode(null);
            }}
            data-testid="chart-group"
          >
            {ranking.groups.map((g) => (
              <option key={g.code} value={g.code}>
                {g.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {group.rows.length === 0 ? (
        <p className="empty">{t('ranking.noUnits')}</p>
      ) : (
        <>
          <IndicesChart group={group} />
          {unit && (
            <ComponentsChart group={group} unitCode={unit.unitCode}>
              <label className="inline-field">
                <span>{t('charts.unit')}</span>
                <select value={unit.unitCode} onChange={(e) => setUnitCode(e.target.value)} data-testid="chart-unit">
                  {group.rows.map((r) => (
                    <option key={r.unitCode} value={r.unitCode}>
                      {r.rank === null ? r.unitName : `${r.rank}. ${r.unitName}`}
                    </option>
                  ))}
                </select>
              </label>
            </ComponentsChart>
          )}
        </>
      )}
    </div>
  );
}

function PngButton({ onClick, testId }: { onClick: () => void; testId: string }) {
  const t = useT();
  return (
    <button type="button" onClick={onClick} data-testid={testId}>
      {t('charts.png')}
    </button>
  );
}

function indicesConfig(t: Translate, group: GroupRanking): BarConfig {
  const rows = group.rows;
  const values = rows.map((r) => r.indexHundredths / 100);
  const thresholds = bandsDescending(group.bands).filter((b) => b.fromHundredths > 0);
  const lines: ThresholdLine[] = thresholds.map((b) => ({
    value: b.fromHundredths / 100,
    label: t('charts.threshold', { label: b.label, value: formatIndex(b.fromHundredths) }),
    color: bandColor(bandTone(group.bands, b.label)),
  }));
  return {
    type: 'bar',
    data: {
      labels: rows.map((r) => unitLabel(r.unitName, r.rank)),
      datasets: [
        {
          label: t('ranking.index'),
          data: values,
          backgroundColor: rows.map((r) => bandColor(bandTone(group.bands, r.band))),
          borderRadius: 2,
          barThickness: ROW_HEIGHT - 6,
        },
      ],
    },
    options: {
      // Horizontal bars: one row per unit, so 300 units scroll down inside the chart and no label overlaps.
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      layout: { padding: { top: 18, right: 44 } },
      scales: {
        // An uncapped index can pass 100 %: the axis then reaches the next ten above the highest.
        x: { min: 0, max: Math.max(100, Math.ceil(Math.max(0, ...values) / 10) * 10), position: 'top', title: { display: true, text: t('charts.indexAxis') }, ticks: { callback: tick } },
        y: { ticks: { autoSkip: false, font: { size: 11 } }, grid: { display: false } },
      },
      plugins: {
        legend: { display: false },
        title: { display: false, font: { size: 14, weight: 'bold' } },
        tooltip: {
          callbacks: {
            title: (items) => rows[items[0]?.dataIndex ?? 0]?.unitName ?? '',
            label: (item) => {
              const row = rows[item.dataIndex];
              return row ? t('charts.indexTooltip', { index: formatIndex(row.indexHundredths), band: row.band ?? '—', rank: row.rank ?? '—' }) : '';
            },
          },
        },
      },
    },
    plugins: [
      whiteBackground,
      thresholdLines(lines),
      barValues(pct),
    ],
  };
}

/** Height (px) of the indices chart beyond its rows: the axis, its title and the threshold labels. */
const INDICES_CHROME = 90;

function IndicesChart({ group }: { group: GroupRanking }) {
  const t = useT();
  const year = useStore((s) => s.detail?.campaign.year ?? '');
  const campaignName = useStore((s) => s.detail?.campaign.name ?? '');
  const config = useMemo(() => indicesConfig(t, group), [t, group]);
  const { canvasRef, chartRef } = useChart(config);
  const title = t('charts.indicesTitle', { group: group.name });
  const exportPng = () => {
    const chart = chartRef.current;
    if (!chart) return;
    const name = asciiFileName(t('charts.fileIndices', { year, group: group.name }));
    downloadDataUrl(chartPng(chart, [title, campaignName]), `${name}.png`);
  };
  return (
    <section className="panel chart-panel" data-testid="chart-panel-indices">
      <div className="chart-head">
        <h2 className="section-title">{title}</h2>
        <span className="toolbar-spacer" />
        <PngButton onClick={exportPng} testId="chart-png-indices" />
      </div>
      <BandLegend bands={group.bands} />
      <div className="chart-scroll" data-testid="chart-scroll-indices">
        <div className="chart-box chart-box-indices" style={{ height: `${INDICES_CHROME + group.rows.length * ROW_HEIGHT}px` }}>
          <canvas
            ref={canvasRef}
            role="img"
            aria-label={t('charts.indicesAlt', { group: group.name, count: group.rows.length })}
            data-testid="chart-indices"
            data-rows={group.rows.length}
            data-axis-min={0}
          />
        </div>
      </div>
    </section>
  );
}

function componentsConfig(t: Translate, group: GroupRanking, unitCode: string, areas: Array<{ code: string; name: string }>): BarConfig {
  const row = group.rows.find((r) => r.unitCode === unitCode);
  const averages = groupAverages(group, areas.map((a) => a.code));
  const toPct = (v: number | null | undefined) => (v === null || v === undefined ? null : v / 100);
  const lines: ThresholdLine[] = [{ value: LOW_COMPONENT / 100, label: t('charts.lowLine', { value: formatIndex(LOW_COMPONENT) }), color: LOW_LINE_COLOR }];
  return {
    type: 'bar',
    data: {
      labels: areas.map((a) => t('ranking.area', { code: a.code })),
      datasets: [
        {
          label: row?.unitName ?? unitCode,
          data: areas.map((a) => toPct(row?.components[a.code])),
          backgroundColor: UNIT_COLOR,
          borderRadius: 2,
          maxBarThickness: 40,
        },
        {
          label: t('charts.averageSeries', { group: group.name }),
          data: areas.map((a) => toPct(averages[a.code])),
          backgroundColor: AVERAGE_COLOR,
          borderRadius: 2,
          maxBarThickness: 40,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      layout: { padding: { top: 18, right: thresholdLabelRoom(lines) } },
      scales: {
        y: { min: 0, max: 100, title: { display: true, text: t('charts.componentAxis') }, ticks: { callback: tick } },
        x: { grid: { display: false } },
      },
      plugins: {
        legend: { position: 'bottom' },
        title: { display: false, font: { size: 14, weight: 'bold' } },
        tooltip: {
          callbacks: {
            title: (items) => {
              const area = areas[items[0]?.dataIndex ?? 0];
              return area ? `${t('ranking.area', { code: area.code })}: ${area.name}` : '';
            },
            label: (item) => `${item.dataset.label ?? ''}: ${typeof item.raw === 'number' ? pct(item.raw) : '—'}%`,
          },
        },
      },
    },
    plugins: [
      whiteBackground,
      thresholdLines(lines),
      barValues(pct),
    ],
  };
}

function ComponentsChart({ group, unitCode, children }: { group: GroupRanking; unitCode: string; children: ReactNode }) {
  const t = useT();
  const year = useStore((s) => s.detail?.campaign.year ?? '');
  const campaignName = useStore((s) => s.detail?.campaign.name ?? '');
  // The group's own set's areas: a commune's area 3 is not a department's.
  const areas = group.areas;
  const config = useMemo(() => componentsConfig(t, group, unitCode, areas), [t, group, unitCode, areas]);
  const { canvasRef, chartRef } = useChart(config);
  const unitName = group.rows.find((r) => r.unitCode === unitCode)?.unitName ?? unitCode;
  const exportPng = () => {
    const chart = chartRef.current;
    if (!chart) return;
    const name = asciiFileName(t('charts.fileComponents', { year, unit: unitName }));
    downloadDataUrl(chartPng(chart, [t('charts.componentsTitle', { unit: unitName, group: group.name }), campaignName]), `${name}.png`);
  };
  return (
    <section className="panel chart-panel" data-testid="chart-panel-components">
      <div className="chart-head">
        <h2 className="section-title">{t('charts.componentsTitle', { unit: unitName, group: group.name })}</h2>
        <span className="toolbar-spacer" />
        {children}
        <PngButton onClick={exportPng} testId="chart-png-components" />
      </div>
      <div className="chart-box chart-box-components">
        <canvas ref={canvasRef} role="img" aria-label={t('charts.componentsAlt', { unit: unitName, group: group.name })} data-testid="chart-components" data-axis-min={0} />
      </div>
      <ul className="area-names small muted">
        {areas.map((a) => (
          <li key={a.code}>
            <strong>{t('ranking.area', { code: a.code })}</strong> {a.name}
          </li>
        ))}
      </ul>
    </section>
  );
}
