// A hand-written SVG chart: empirical CDFs on a log time axis, with a rug of the samples under each
// curve and the median marked. No chart library.

export interface CdfSeries {
  label: string;
  color: string;
  /** Samples in ms (> 0). Purchases that never became visible are left out of `values` … */
  values: number[];
  /** … but counted in `total`, so the curve stops below 100 %. */
  total: number;
  /** Marker for the never-visible ones, e.g. "4 never shown". */
  missingNote?: string;
}

export interface CdfChart {
  title: string;
  subtitle: string;
  xLabel: string;
  series: CdfSeries[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function fmtTick(msValue: number): string {
  if (msValue >= 1000) return `${msValue / 1000} s`;
  if (msValue >= 1) return `${msValue} ms`;
  return `${msValue} ms`;
}

export function cdfSvg(chart: CdfChart): string {
  const W = 760;
  const H = 420;
  const m = { left: 70, right: 24, top: 64, bottom: 128 };
  const H2 = H + 34;
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const all = chart.series.flatMap((s) => s.values).filter((v) => v > 0);
  const lo = 10 ** Math.floor(Math.log10(Math.max(0.01, Math.min(...all))));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...all)));
  const x = (v: number) =>
    m.left + ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * pw;
  const y = (f: number) => m.top + (1 - f) * ph;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H2}" width="${W}" height="${H2}" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H2}" fill="#ffffff"/>`,
    `<text x="${m.left}" y="24" font-size="16" font-weight="600" fill="#111">${esc(chart.title)}</text>`,
    `<text x="${m.left}" y="44" fill="#555">${esc(chart.subtitle)}</text>`,
  );

  // Grid and axes.
  for (let d = lo; d <= hi * 1.0001; d *= 10) {
    out.push(`<line x1="${x(d)}" y1="${m.top}" x2="${x(d)}" y2="${m.top + ph}" stroke="#ddd"/>`);
    out.push(
      `<text x="${x(d)}" y="${m.top + ph + 16}" text-anchor="middle" fill="#333">${fmtTick(Number(d.toPrecision(1)))}</text>`,
    );
    for (const k of [2, 5]) {
      if (d * k < hi)
        out.push(`<line x1="${x(d * k)}" y1="${m.top}" x2="${x(d * k)}" y2="${m.top + ph}" stroke="#f0f0f0"/>`);
    }
  }
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    out.push(
      `<line x1="${m.left}" y1="${y(f)}" x2="${m.left + pw}" y2="${y(f)}" stroke="${f === 0.5 ? '#ccc' : '#eee'}"/>`,
    );
    out.push(`<text x="${m.left - 8}" y="${y(f) + 4}" text-anchor="end" fill="#333">${f * 100}%</text>`);
  }
  out.push(`<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#888"/>`);
  out.push(
    `<text x="${m.left + pw / 2}" y="${m.top + ph + 36}" text-anchor="middle" fill="#111">${esc(chart.xLabel)}</text>`,
  );
  out.push(
    `<text transform="translate(18 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle" fill="#111">purchases with visible credits</text>`,
  );

  // Curves (step functions), rugs and medians.
  chart.series.forEach((s, si) => {
    const sorted = [...s.values].sort((a, b) => a - b);
    let d = `M ${x(lo)} ${y(0)}`;
    sorted.forEach((v, i) => {
      d += ` H ${x(v).toFixed(1)} V ${y((i + 1) / s.total).toFixed(1)}`;
    });
    d += ` H ${x(hi)}`;
    out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2.2"/>`);
    const rugY = m.top + ph + 46 + si * 12;
    for (const v of sorted) {
      out.push(
        `<line x1="${x(v).toFixed(1)}" y1="${rugY - 4}" x2="${x(v).toFixed(1)}" y2="${rugY + 4}" stroke="${s.color}" stroke-opacity="0.6"/>`,
      );
    }
    if (sorted.length * 2 >= s.total) {
      const med = sorted[Math.ceil(s.total / 2) - 1]!;
      out.push(`<circle cx="${x(med)}" cy="${y(0.5)}" r="4" fill="${s.color}"/>`);
    }
  });

  // Never-visible note at the right end of a curve that stops below 100 %.
  for (const s of chart.series) {
    if (s.values.length >= s.total || !s.missingNote) continue;
    const f = s.values.length / s.total;
    out.push(
      `<text x="${m.left + pw - 6}" y="${y(f) + 16}" text-anchor="end" fill="${s.color}">${esc(s.missingNote)}</text>`,
    );
  }

  // Legend, one line per series, under the rugs.
  chart.series.forEach((s, si) => {
    const sorted = [...s.values].sort((a, b) => a - b);
    const med = sorted.length * 2 >= s.total ? sorted[Math.ceil(s.total / 2) - 1]! : Number.NaN;
    const medText = Number.isFinite(med) ? (med >= 100 ? `${Math.round(med)} ms` : `${med.toFixed(1)} ms`) : '—';
    const ly = m.top + ph + 84 + si * 18;
    out.push(`<rect x="${m.left}" y="${ly - 6}" width="18" height="4" fill="${s.color}"/>`);
    out.push(`<text x="${m.left + 24}" y="${ly}" fill="#111">${esc(`${s.label}: median ${medText}`)}</text>`);
  });
  out.push(
    `<text x="${m.left}" y="${m.top + ph + 84 + chart.series.length * 18}" fill="#555">${esc('Dots mark the medians; each tick under the axis is one purchase.')}</text>`,
  );
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
