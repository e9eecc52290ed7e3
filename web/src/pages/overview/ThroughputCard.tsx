/** A moving chart of two rates (network in/out, disk read/write) over the last few minutes. */
import { formatRate } from '../../lib/format';
import { Card } from '../../ui/Card';
import { LineChart } from '../../ui/LineChart';
import { FeedPanel } from './FeedPanel';
import { type ChartPoint, type MetricsFeed, windowSize } from './metrics-feed';

type RateKey = 'rx' | 'tx' | 'read' | 'write';

export interface ThroughputCardProps {
  feed: MetricsFeed;
  title: string;
  icon: string;
  series: readonly [
    { key: RateKey; name: string; class: string },
    { key: RateKey; name: string; class: string },
  ];
}

export function ThroughputCard(props: ThroughputCardProps) {
  const values = (key: RateKey) => props.feed.points().map((p: ChartPoint) => p[key]);
  return (
    <Card title={props.title} icon={props.icon}>
      <FeedPanel feed={props.feed} skeletonLines={5}>
        {() => (
          <LineChart
            label={props.title}
            format={formatRate}
            binary
            slots={windowSize}
            series={props.series.map((s) => ({ name: s.name, class: s.class, values: values(s.key) }))}
          />
        )}
      </FeedPanel>
    </Card>
  );
}
