/** One line of a {@link lineChart}. */
export interface Series {
  readonly name: string;
  readonly color: string;
  /** [x, y] points, x ascending. */
  readonly points: readonly (readonly [number, number])[];
}

/** What {@link lineChart} draws. */
export interface ChartSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  readonly width?: number;
  readonly height?: number;
}

const esc = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const round = (n: number): string => (Math.round(n * 10) / 10).toString();

/** A self-contained SVG line chart (no dependencies): axes, 5 ticks each, a legend. */
export function lineChart(spec: ChartSpec): string {
  const width = spec.width ?? 720;
  const height = spec.height ?? 320;
  const pad = { left: 60, right: 150, top: 30, bottom: 40 };
  const all = spec.series.flatMap((s) => s.points);
  const xMax = Math.max(1, ...all.map((p) => p[0]));
  const yMax = Math.max(1, ...all.map((p) => p[1])) * 1.1;
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const x = (v: number): number => pad.left + (v / xMax) * plotW;
  const y = (v: number): number => pad.top + plotH - (v / yMax) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="18" text-anchor="middle" font-size="13">${esc(spec.title)}</text>`,
    `<line x1="${pad.left}" y1="${pad.top + plotH}" x2="${pad.left + plotW}" y2="${pad.top + plotH}" stroke="black"/>`,
    `<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${pad.top + plotH}" stroke="black"/>`,
  ];
  for (let i = 0; i <= 5; i += 1) {
    const xv = (xMax * i) / 5;
    const yv = (yMax * i) / 5;
    parts.push(`<text x="${round(x(xv))}" y="${pad.top + plotH + 14}" text-anchor="middle">${round(xv)}</text>`);
    parts.push(`<text x="${pad.left - 4}" y="${round(y(yv) + 4)}" text-anchor="end">${round(yv)}</text>`);
    parts.push(
      `<line x1="${pad.left}" y1="${round(y(yv))}" x2="${pad.left + plotW}" y2="${round(y(yv))}" stroke="#eee"/>`,
    );
  }
  parts.push(`<text x="${pad.left + plotW / 2}" y="${height - 6}" text-anchor="middle">${esc(spec.xLabel)}</text>`);
  parts.push(
    `<text x="14" y="${pad.top + plotH / 2}" transform="rotate(-90 14 ${pad.top + plotH / 2})" text-anchor="middle">${esc(spec.yLabel)}</text>`,
  );
  spec.series.forEach((s, i) => {
    const d = s.points.map((p, j) => `${j === 0 ? 'M' : 'L'}${round(x(p[0]))},${round(y(p[1]))}`).join(' ');
    parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.5"/>`);
    const ly = pad.top + 10 + i * 16;
    parts.push(
      `<line x1="${width - pad.right + 10}" y1="${ly}" x2="${width - pad.right + 30}" y2="${ly}" stroke="${s.color}" stroke-width="2"/>`,
    );
    parts.push(`<text x="${width - pad.right + 34}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
