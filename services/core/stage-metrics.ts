import { Histogram } from 'prom-client';

/**
 * How long pipeline jobs take, by queue and outcome, observed by the workers of this process and
 * exported at the dashboard's /metrics (one process runs both with the default `--role=all`).
 */
export const stageDuration = new Histogram({
  name: 'frontier_stage_duration_seconds',
  help: 'Time a pipeline job took, by queue and outcome',
  labelNames: ['queue', 'outcome'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [],
});
