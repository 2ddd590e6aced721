import { addDays, weekdayOf } from '../../../lambdas/tracker/calendar.ts';
import type { LocalDate, Resource, Session, TrackerConfig } from '../../../lambdas/tracker/types.ts';
import { zonedInstant } from '../../../lambdas/tracker/zone.ts';
import { seededRandom } from '../seeded-random.ts';

// Three believable months of an author studying about two hours a day: the AWS course most days, a
// book or course beside it, evenings on weekdays and mornings at weekends, the odd day off and two short
// breaks. Deterministic (seeded), so every newcomer sees the same dashboard.

const NOTES: Record<string, string[]> = {
  'aws-bootcamp': [
    'IAM users, groups and least-privilege policies',
    'EC2 launch templates and user data',
    'VPC from scratch: subnets, route tables, NAT gateway',
    'S3 bucket policies and Block Public Access',
    'CloudFront in front of S3 with origin access control',
    'Lambda behind API Gateway, hands-on',
    'DynamoDB keys, indexes and capacity modes',
    'CloudFormation stacks and change sets',
    'CDK: a first stack in TypeScript',
    'CloudWatch alarms, logs and dashboards',
    'Route 53 hosted zones and records',
    'RDS Multi-AZ and read replicas',
    'ECS on Fargate walkthrough',
    'KMS keys and envelope encryption',
    'Security groups vs network ACLs lab',
    'Auto Scaling group behind an ALB',
    'SQS and SNS fan-out',
    'Budgets and Cost Explorer',
  ],
  'llm-security-playbook': [
    'prompt injection: direct and indirect',
    'sensitive information disclosure',
    'insecure output handling',
    'trust boundaries in an LLM app',
    'supply chain risks for models and plugins',
    'excessive agency and tool use',
    'hallucination as a security problem',
    'threat modelling an LLM application',
  ],
  'adversarial-ai': [
    'evasion attacks: FGSM and PGD',
    'poisoning the training data',
    'backdoors hidden in models',
    'model extraction through an API',
    'membership inference',
    'adversarial training as a defence',
    'privacy-preserving ML basics',
  ],
  'trustworthy-ml': [
    'fairness metrics: demographic parity vs equalized odds',
    'explainability with SHAP and LIME',
    'robustness testing',
    'model cards and documentation',
  ],
  caisp: [
    'AI threat landscape',
    'prompt injection lab',
    'securing the ML pipeline',
    'threat modelling AI systems with STRIDE',
    'red teaming an LLM app',
    'model signing and the AI supply chain',
    'guardrails and policy enforcement',
    'governance: NIST AI RMF',
  ],
  'ms-ai-security-fundamentals': [
    'AI security concepts',
    'security controls for AI workloads',
    'securing generative AI apps',
    'responsible AI and governance',
  ],
};

const TAGS: Record<string, string[]> = {
  'aws-bootcamp': ['aws', 'hands-on'],
  'llm-security-playbook': ['reading', 'llm'],
  'adversarial-ai': ['reading', 'adversarial-ml'],
  'trustworthy-ml': ['reading'],
  caisp: ['certification', 'ai-security'],
  'ms-ai-security-fundamentals': ['course', 'ai-security'],
};

/** Sessions for the `days` days before `today`, across the plan's resources. */
export function demoSessions(config: TrackerConfig, today: LocalDate, days = 91, seed = 20261012): Session[] {
  const rand = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const planned = new Map(config.plan.map((r) => [r.id, r]));
  const done = new Map<string, number>();
  const noteIndex = new Map<string, number>();
  const sessions: Session[] = [];
  let serial = 0;
  let breakLeft = 0;

  // Which companions study beside the AWS course, by how far into the three months the day is.
  const companionsAt = (progress: number): string[] =>
    progress < 0.35
      ? ['ms-ai-security-fundamentals', 'llm-security-playbook']
      : progress < 0.75
        ? ['caisp', 'llm-security-playbook', 'adversarial-ai']
        : ['caisp', 'adversarial-ai', 'trustworthy-ml'];

  const add = (resource: Resource, date: LocalDate, minutes: number, at: Date) => {
    const s: Session = {
      id: `${date.replaceAll('-', '')}-demo${String(serial++).padStart(6, '0')}`,
      resource: resource.id,
      minutes,
      date,
      loggedAt: at.toISOString(),
    };
    if (resource.unit !== 'hours') {
      const left = resource.target - (done.get(resource.id) ?? 0);
      // A chapter takes two to four sittings, a certification module four or five, a short course module one or two.
      const step =
        resource.kind === 'course'
          ? pick([0.5, 1])
          : resource.unit === 'modules'
            ? pick([0.2, 0.25])
            : pick([0.25, 0.25, 0.5]);
      const units = Math.min(left, step);
      if (units <= 0) return;
      s.units = units;
      done.set(resource.id, (done.get(resource.id) ?? 0) + units);
    }
    const notes = NOTES[resource.id] ?? ['study session'];
    const i = noteIndex.get(resource.id) ?? 0;
    if (rand() < 0.8) s.note = notes[i % notes.length] as string;
    noteIndex.set(resource.id, i + (rand() < 0.6 ? 1 : 0));
    const tags = TAGS[resource.id];
    if (tags && rand() < 0.7) s.tags = tags;
    sessions.push(s);
  };

  for (let d = days; d >= 1; d--) {
    const date = addDays(today, -d);
    const weekend = weekdayOf(date) >= 5;
    if (breakLeft > 0) {
      breakLeft -= 1;
      continue;
    }
    if (rand() < 0.02) breakLeft = 1 + Math.floor(rand() * 2);
    if (rand() > (weekend ? 0.78 : 0.92)) continue;
    const total = Math.max(30, Math.min(210, Math.round((120 + (rand() - 0.5) * 90) / 5) * 5));
    let hour = weekend ? 9 + Math.floor(rand() * 3) : 19 + Math.floor(rand() * 2);
    let minute = Math.floor(rand() * 4) * 15;
    const aws = planned.get('aws-bootcamp');
    const companions = companionsAt(1 - d / days)
      .map((id) => planned.get(id))
      .filter((r): r is Resource => r !== undefined && (done.get(r.id) ?? 0) < r.target);
    const awsMinutes = aws ? Math.round((total * (0.45 + rand() * 0.25)) / 5) * 5 : 0;
    const parts: Array<[Resource, number]> = [];
    if (aws && awsMinutes > 0) parts.push([aws, awsMinutes]);
    if (companions.length > 0 && total - awsMinutes >= 15) parts.push([pick(companions), total - awsMinutes]);
    for (const [resource, minutes] of parts) {
      add(
        resource,
        date,
        minutes,
        zonedInstant(
          Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10), hour, minute),
          config.timeZone,
        ),
      );
      minute += minutes + 10;
      hour += Math.floor(minute / 60);
      minute %= 60;
      if (hour > 23) hour = 23;
    }
  }
  return sessions;
}
