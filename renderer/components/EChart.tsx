/**
 * ECharts behind a small React wrapper. Imported lazily (see Chart.tsx) so the charting code
 * loads only on screens that draw a chart.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, ScatterChart } from 'echarts/charts';
import { AriaComponent, DatasetComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([BarChart, ScatterChart, AriaComponent, DatasetComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer, SVGRenderer]);

export interface EChartProps {
  option: EChartsCoreOption;
  height: number;
  onClick?: (params: { name: string; seriesName?: string; data?: unknown }) => void;
  /** SVG keeps axis labels as text: sharp when printed, and readable by tests. Default canvas. */
  renderer?: 'canvas' | 'svg';
}

export default function EChart({ option, height, onClick, renderer = 'canvas' }: EChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, undefined, { renderer });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [renderer]);
  useEffect(() => {
    chart.current?.setOption({ animation: false, aria: { enabled: true }, ...option }, true);
  }, [option]);
  useEffect(() => {
    const c = chart.current;
    if (!c || !onClick) return;
    const handler = (p: unknown) => onClick(p as { name: string; seriesName?: string; data?: unknown });
    c.on('click', handler);
    return () => void c.off('click', handler);
  }, [onClick]);
  return <div ref={ref} style={{ width: '100%', height }} />;
}
