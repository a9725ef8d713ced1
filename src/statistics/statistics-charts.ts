import type * as Echarts from 'echarts';
import type { ReportTable } from './statistics-report';

/**
 * The report's charts, drawn on the server by Apache ECharts' SVG renderer (server-side
 * rendering: no DOM, no browser, loads from CommonJS). No chart is drawn by hand here:
 * this only says which table column is which series, then adds a title and a
 * description for screen readers, as the SVG's first children.
 */

const WIDTH = 640;
const PALETTE = ['#1d4f91', '#c8102e', '#2e7d32', '#8a5a00', '#6a1b9a', '#00695c'];
const FONT = 'sans-serif';

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function numeric(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

function optionFor(table: ReportTable): Echarts.EChartsCoreOption {
  const chart = table.chart!;
  const categories = table.rows.map((r) => String(r[0] ?? ''));
  const seriesColumns = chart.series ?? [1];
  const common = {
    animation: false,
    color: PALETTE,
    textStyle: { fontFamily: FONT },
    title: { text: table.title, left: 'center', textStyle: { fontSize: 15 } },
  };
  // A pie of nothing would draw equal slices (ECharts shares a zero sum out evenly): bars.
  const empty = table.rows.every((r) => numeric(r[1]) === 0);
  if (chart.type === 'pie' && !empty) {
    return {
      ...common,
      series: [
        {
          type: 'pie',
          radius: '55%',
          center: ['50%', '55%'],
          label: { formatter: '{b}: {c}' },
          data: table.rows.map((r) => ({ name: String(r[0]), value: numeric(r[1]) })),
        },
      ],
    };
  }
  const horizontal = chart.type === 'horizontalBar';
  const categoryAxis = {
    type: 'category',
    data: categories,
    axisLabel: { interval: 0, width: horizontal ? 180 : 90, overflow: 'break' },
    inverse: horizontal,
  };
  const valueAxis = { type: 'value', minInterval: 1 };
  return {
    ...common,
    legend: seriesColumns.length > 1 ? { bottom: 4 } : undefined,
    grid: {
      left: horizontal ? 200 : 56,
      right: 32,
      top: 48,
      bottom: seriesColumns.length > 1 ? 80 : 56,
    },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: seriesColumns.map((column) => ({
      type: chart.type === 'line' ? 'line' : 'bar',
      name: table.columns[column],
      data: table.rows.map((r) => numeric(r[column])),
      label: { show: true, position: horizontal ? 'right' : 'top' },
    })),
  };
}

/** The chart's height: a horizontal bar per row, else a fixed frame. */
function heightFor(table: ReportTable): number {
  return table.chart?.type === 'horizontalBar' ? Math.max(160, 80 + table.rows.length * 26) : 320;
}

/**
 * A table as an SVG chart. `description` is the text a screen reader reads (the values in
 * words); the same numbers are in the table beside the chart on the page.
 */
export async function renderChart(table: ReportTable, description: string): Promise<string> {
  // Loaded on the first chart, not at start: 20 MB and 80 ms no other process needs.
  const echarts = await import('echarts');
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: WIDTH,
    height: heightFor(table),
  });
  try {
    chart.setOption(optionFor(table));
    const svg = chart.renderToSVGString();
    const id = `chart-${table.id}`;
    return svg
      .replace(/^<svg /, `<svg role="img" aria-labelledby="${id}-title ${id}-desc" `)
      .replace(
        /^(<svg[^>]*>)/,
        `$1<title id="${id}-title">${escapeXml(table.title)}</title>` +
          `<desc id="${id}-desc">${escapeXml(description)}</desc>`,
      );
  } finally {
    chart.dispose();
  }
}

/** "中方赴俄 12, 俄方来华 7": a chart's values as a sentence, for its description. */
export function valuesInWords(table: ReportTable): string {
  const columns = table.chart?.series ?? [1];
  return table.rows
    .map((row) =>
      columns.length === 1
        ? `${row[0]} ${row[columns[0]] ?? '—'}`
        : `${row[0]} (${columns.map((c) => `${table.columns[c]} ${row[c] ?? '—'}`).join(', ')})`,
    )
    .join('; ');
}
