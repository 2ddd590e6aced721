/**
 * What CloudWatch bills for a template's alarms: each standard-resolution alarm is billed per metric it
 * watches, so an alarm on metric maths over seven metrics costs seven alarm metrics, not one. The first ten
 * alarm metrics of an account are free. Read from the synthesized template, so the README's figure is checked.
 */

/** AWS list price, us-east-1: https://aws.amazon.com/cloudwatch/pricing/ (alarms, standard resolution). */
export const ALARM_METRIC_PER_MONTH_USD = 0.1;
/** Alarm metrics the free tier covers each month. */
export const FREE_ALARM_METRICS = 10;

interface TemplateLike {
  readonly Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

export interface AlarmBilling {
  readonly alarms: number;
  /** Metrics the alarms watch, each billed: a plain alarm's one, or every `MetricStat` of a metric-maths alarm. */
  readonly billedMetrics: number;
  /** US dollars a month beyond the free tier. */
  readonly monthlyUsdBeyondFreeTier: number;
}

/** Counts the alarms of a template and the metrics CloudWatch bills them by. */
export function alarmBilling(template: TemplateLike): AlarmBilling {
  const alarms = Object.values(template.Resources ?? {}).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
  let billedMetrics = 0;
  for (const alarm of alarms) {
    const metrics = alarm.Properties?.Metrics;
    // Expressions are free; the metrics they read are billed.
    billedMetrics += Array.isArray(metrics)
      ? metrics.filter((m) => (m as { MetricStat?: unknown }).MetricStat !== undefined).length
      : 1;
  }
  const beyond = Math.max(0, billedMetrics - FREE_ALARM_METRICS) * ALARM_METRIC_PER_MONTH_USD;
  return { alarms: alarms.length, billedMetrics, monthlyUsdBeyondFreeTier: Math.round(beyond * 100) / 100 };
}
