import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { alarmBilling } from '../../infra/alarm-billing.ts';
import { REPO_ROOT, type SynthesizedLogbook, synthLogbook } from './synth-logbook.ts';

/** The README's cost paragraph: "Logbook's N alarms watch M metrics: about $X a month beyond the free ones". */
const CLAIM = /Logbook's (\d+) alarms watch (\d+) metrics[^$]*\$(\d+\.\d\d) a month beyond the free ones/;

describe('the README’s cost paragraph, against the template', () => {
  let synthesized: SynthesizedLogbook;
  before(() => {
    synthesized = synthLogbook(
      { alarmEmail: 'author@example.com', budgetUsd: 5 },
      { context: { 'aws:cdk:bundling-stacks': [] } },
    );
  });
  after(() => synthesized.dispose());

  test('counts the alarms and the metrics CloudWatch bills them by, as the README says', () => {
    const billing = alarmBilling(synthesized.template.toJSON());
    const claim = CLAIM.exec(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'));
    assert.ok(claim, 'the README has no sentence "Logbook\'s N alarms watch M metrics: about $X a month …"');
    assert.deepEqual(
      { alarms: Number(claim[1]), metrics: Number(claim[2]), usd: Number(claim[3]) },
      { alarms: billing.alarms, metrics: billing.billedMetrics, usd: billing.monthlyUsdBeyondFreeTier },
    );
  });

  test('bills an alarm on metric maths per metric it reads, not per expression', () => {
    const billing = alarmBilling({
      Resources: {
        Plain: { Type: 'AWS::CloudWatch::Alarm', Properties: { MetricName: 'Errors' } },
        Maths: {
          Type: 'AWS::CloudWatch::Alarm',
          Properties: {
            Metrics: [
              { Id: 'e', Expression: 'm1+m2+m3+m4+m5+m6+m7' },
              ...Array.from({ length: 7 }, (_, i) => ({ Id: `m${i + 1}`, MetricStat: {} })),
            ],
          },
        },
        Other: { Type: 'AWS::SNS::Topic' },
      },
    });
    assert.deepEqual(billing, { alarms: 2, billedMetrics: 8, monthlyUsdBeyondFreeTier: 0 });
  });
});
