// chart.js with only the parts the results charts use (tree-shaken), two small inline plugins
// (threshold lines, a white background so exported PNGs are not transparent) and a hook that owns
// one chart on one <canvas>.

import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Title,
  Tooltip,
  type ChartConfiguration,
  type Plugin,
} from 'chart.js';
import { useEffect, useRef } from 'react';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Title, Tooltip, Legend);
Chart.defaults.font.family = "'Segoe UI', 'Noto Sans', Roboto, 'Helvetica Neue', Arial, sans-serif";
Chart.defaults.font.size = 12;
Chart.defaults.color = '#2d3a4b';
// A calm desktop app: charts appear at once (and render deterministically in tests).
Chart.defaults.animation = false;

export type BarConfig = ChartConfiguration<'bar', Array<number | null>, string | string[]>;

export interface ThresholdLine {
  /** Percent, 0–100. */
  value: number;
  label: string;
  color: string;
}

/** Room to leave right of the plot for threshold labels (11px bold text, about 6.6px a character). */
export function thresholdLabelRoom(lines: readonly ThresholdLine[]): number {
  return lines.length === 0 ? 0 : 12 + Math.ceil(Math.max(...lines.map((l) => l.label.length)) * 6.6);
}

/**
 * Dashed lines across the plot at given values: horizontal lines labelled right of the plot, or — on a
 * chart of horizontal bars (indexAxis 'y') — vertical lines in the band's colour, unlabelled (thresholds
 * a few points apart would print over each other; the band legend beside the chart names them).
 */
export function thresholdLines(lines: readonly ThresholdLine[]): Plugin<'bar'> {
  return {
    id: 'parThresholds',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea } = chart;
      if (chart.options.indexAxis === 'y') {
        const x = chart.scales.x;
        if (!x) return;
        ctx.save();
        for (const line of lines) {
          const at = x.getPixelForValue(line.value);
          if (at < chartArea.left - 0.5 || at > chartArea.right + 0.5) continue;
          ctx.strokeStyle = line.color;
          ctx.lineWidth = 1.5;
          ctx.setLineDash([6, 4]);
          ctx.beginPath();
          ctx.moveTo(at, chartArea.top);
          ctx.lineTo(at, chartArea.bottom);
          ctx.stroke();
          ctx.setLineDash([]);
        }
        ctx.restore();
        return;
      }
      const y = chart.scales.y;
      if (!y) return;
      ctx.save();
      ctx.font = `600 11px ${String(Chart.defaults.font.family)}`;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      for (const line of lines) {
        const at = y.getPixelForValue(line.value);
        if (at < chartArea.top - 0.5 || at > chartArea.bottom + 0.5) continue;
        ctx.strokeStyle = line.color;
        ctx.lineWidth = 1.5;
        ctx.setLineDash([6, 4]);
        ctx.beginPath();
        ctx.moveTo(chartArea.left, at);
        ctx.lineTo(chartArea.right, at);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = line.color;
        ctx.fillText(line.label, chartArea.right + 6, at);
      }
      ctx.restore();
    },
  };
}

/** Writes each bar's value above it (with a white halo over lines) where the bars are wide enough to read. List it after thresholdLines. */
export function barValues(format: (value: number) => string): Plugin<'bar'> {
  return {
    id: 'parBarValues',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.font = `10.5px ${String(Chart.defaults.font.family)}`;
      ctx.fillStyle = '#2d3a4b';
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 3;
      ctx.lineJoin = 'round';
      const horizontal = chart.options.indexAxis === 'y';
      ctx.textAlign = horizontal ? 'left' : 'center';
      ctx.textBaseline = horizontal ? 'middle' : 'bottom';
      chart.data.datasets.forEach((dataset, i) => {
        const meta = chart.getDatasetMeta(i);
        if (meta.hidden) return;
        meta.data.forEach((bar, j) => {
          const value = dataset.data[j];
          if (typeof value !== 'number') return;
          if (horizontal) {
            // Right of the bar's end, when the bar is tall enough for a line of text.
            const { height } = bar.getProps(['height'], true) as { height: number };
            if (height < 9) return;
            ctx.strokeText(format(value), bar.x + 4, bar.y);
            ctx.fillText(format(value), bar.x + 4, bar.y);
            return;
          }
          const { width } = bar.getProps(['width'], true) as { width: number };
          if (width < 26) return;
          ctx.strokeText(format(value), bar.x, bar.y - 2);
          ctx.fillText(format(value), bar.x, bar.y - 2);
        });
      });
      ctx.restore();
    },
  };
}

/**
 * Renders the chart for a document: title shown (the PNG is read away from the app) and at least
 * twice the screen's pixel density, so it stays sharp when printed. Returns a PNG data URL.
 */
export function chartPng(chart: Chart<'bar', Array<number | null>, string | string[]>, title: string[]): string {
  const title0 = chart.options.plugins?.title;
  const before = { display: title0?.display, text: title0?.text, ratio: chart.options.devicePixelRatio };
  if (title0) {
    title0.display = true;
    title0.text = title;
  }
  chart.options.devicePixelRatio = Math.max(2, window.devicePixelRatio || 1);
  chart.resize();
  chart.update('none');
  try {
    return chart.toBase64Image('image/png', 1);
  } finally {
    if (title0) {
      title0.display = before.display ?? false;
      title0.text = before.text ?? '';
    }
    chart.options.devicePixelRatio = before.ratio;
    chart.resize();
    chart.update('none');
  }
}

/** Paints the canvas white under the chart, and marks the canvas rendered (tests wait for it). */
export const whiteBackground: Plugin<'bar'> = {
  id: 'parBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
  afterRender(chart) {
    chart.canvas.dataset.rendered = 'true';
  },
};

/**
 * Creates the chart when the canvas mounts and rebuilds it whenever `config` changes (callers
 * memoise it); destroys it on unmount. Returns the canvas ref and the live chart.
 */
export function useChart(config: BarConfig | null) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const chartRef = useRef<Chart<'bar', Array<number | null>, string | string[]> | null>(null);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !config) return;
    delete canvas.dataset.rendered;
    const chart = new Chart(canvas, config);
    chartRef.current = chart;
    return () => {
      chart.destroy();
      if (chartRef.current === chart) chartRef.current = null;
    };
  }, [config]);
  return { canvasRef, chartRef };
}
