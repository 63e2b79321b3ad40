import { useEffect, useRef } from 'react';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';

// Only what a bar chart needs, so the bundle carries nothing else of Chart.js.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface BarSeries {
  readonly label: string;
  readonly values: readonly number[];
  readonly color: string;
}

/**
 * A Chart.js bar chart on a canvas (no injected styles: it works under the
 * server's CSP). Created once, then its data replaced on each refresh, so a
 * refresh does not flash; no animation, so what is drawn is the data.
 */
export function BarChart({
  title,
  labels,
  series,
  max,
}: {
  title: string;
  labels: readonly string[];
  series: readonly BarSeries[];
  max?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar'> | null>(null);

  useEffect(() => {
    chart.current = new Chart(canvas.current!, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { position: 'bottom' } },
        scales: { y: { beginAtZero: true, max } },
      },
    });
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, [max]);

  useEffect(() => {
    const current = chart.current;
    if (!current) return;
    current.data.labels = [...labels];
    current.data.datasets = series.map((s) => ({
      label: s.label,
      data: [...s.values],
      backgroundColor: s.color,
    }));
    current.update();
  }, [labels, series]);

  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div className="chart-box">
        <canvas ref={canvas} role="img" aria-label={title} />
      </div>
    </figure>
  );
}
