import { useMemo } from 'react';
import type { SfRecord } from '../../../shared/model';
import { Chart } from '../../components/Chart';
import { loginSeries } from './logins';

/** Logins over time, one lane per login type: browser logins among API logins stand out. */
export function LoginTimeline({ logins }: { logins: SfRecord[] }) {
  const { types, points, summary } = useMemo(() => loginSeries(logins), [logins]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      grid: { left: 150, right: 20, top: 10, bottom: 40 },
      xAxis: { type: 'time' },
      yAxis: { type: 'category', data: types },
      series: [{ type: 'scatter', symbolSize: 7, data: points.map((p) => [p.time, p.type, p.label]), itemStyle: { color: '#0176d3' } }],
    }),
    [types, points],
  );
  if (logins.length === 0) return <p className="slds-text-color_weak">No logins in the collected period.</p>;
  return <Chart option={option} height={Math.max(160, types.length * 40 + 60)} testId="login-timeline" description={`Login timeline: ${summary}.`} />;
}
