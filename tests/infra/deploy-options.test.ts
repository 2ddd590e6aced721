import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Template } from 'aws-cdk-lib/assertions';
import { PriceClass } from 'aws-cdk-lib/aws-cloudfront';
import { DEFAULT_BUDGET_USD } from '../../infra/alarms.ts';
import { DEFAULT_THROTTLE } from '../../infra/api/api-stage.ts';
import { readAppConfig } from '../../infra/app-config.ts';
import { InfraConfigError } from '../../infra/errors.ts';
import { HSTS_MAX_AGE_SECONDS } from '../../infra/security-headers.ts';
import { type SynthesizedLogbook, synthLogbook } from './synth-logbook.ts';

const DOMAIN = 'labackdoor.example.com';
const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const EMAIL = 'author@example.com';

function context(values: Record<string, unknown>): (key: string) => unknown {
  return (key) => values[key];
}

// The options change the distribution and the alarm topic only; CloudFormation's template validator (slow to
// start) checks the full stack in logbook-stack.test.ts, and cdk-nag still runs on this synth.
process.env.CDK_VALIDATION = 'false';

describe('deploy options from -c context', () => {
  test('default to no custom domain, no alarm e-mail and the cheapest price class', () => {
    assert.deepEqual(readAppConfig(context({})), { priceClass: PriceClass.PRICE_CLASS_100 });
  });

  test('read a custom domain, an alarm e-mail and a price class', () => {
    assert.deepEqual(
      readAppConfig(
        context({
          domainName: 'LaBackDoor.example.com',
          certificateArn: CERTIFICATE,
          alarmEmail: EMAIL,
          priceClass: 'PriceClass_All',
        }),
      ),
      {
        priceClass: PriceClass.PRICE_CLASS_ALL,
        alarmEmail: EMAIL,
        budgetUsd: DEFAULT_BUDGET_USD,
        customDomain: { domainName: DOMAIN, certificateArn: CERTIFICATE },
      },
    );
  });

  test('make a budget of 5 US dollars a month whenever an alarm e-mail is given, or of -c budgetUsd', () => {
    assert.equal(DEFAULT_BUDGET_USD, 5);
    assert.equal(readAppConfig(context({ alarmEmail: EMAIL })).budgetUsd, 5);
    assert.equal(readAppConfig(context({ alarmEmail: EMAIL, budgetUsd: '12.50' })).budgetUsd, 12.5);
    assert.equal(readAppConfig(context({ alarmEmail: EMAIL, budgetUsd: 20 })).budgetUsd, 20);
    assert.equal(readAppConfig(context({})).budgetUsd, undefined);
  });

  test('refuse a budget that is not an amount above 0, quoting it, and a budget without an e-mail', () => {
    for (const bad of ['abc', '0', '-3', '1e3', '5.123', 'five']) {
      assert.throws(
        () => readAppConfig(context({ alarmEmail: EMAIL, budgetUsd: bad })),
        (error: unknown) =>
          error instanceof InfraConfigError &&
          error.message.includes(`-c budgetUsd=${bad} is not a monthly amount in US dollars`),
        bad,
      );
    }
    assert.throws(() => readAppConfig(context({ budgetUsd: '10' })), /-c budgetUsd needs -c alarmEmail/);
  });

  test('read the API throttle per route from -c apiRateLimit and -c apiBurstLimit, and refuse nonsense', () => {
    assert.equal(readAppConfig(context({})).throttle, undefined);
    assert.deepEqual(readAppConfig(context({ apiRateLimit: '2', apiBurstLimit: '10' })).throttle, {
      rateLimit: 2,
      burstLimit: 10,
    });
    assert.deepEqual(readAppConfig(context({ apiRateLimit: 0.5 })).throttle, {
      rateLimit: 0.5,
      burstLimit: DEFAULT_THROTTLE.burstLimit,
    });
    assert.throws(
      () => readAppConfig(context({ apiRateLimit: '0' })),
      /-c apiRateLimit=0 must be a number above 0/,
    );
    assert.throws(
      () => readAppConfig(context({ apiBurstLimit: '2.5' })),
      /-c apiBurstLimit=2.5 must be a whole number/,
    );
  });

  test('leave HSTS preload off unless -c hstsPreload=true, and refuse anything but true or false', () => {
    assert.equal(readAppConfig(context({})).hstsPreload, undefined);
    assert.equal(readAppConfig(context({ hstsPreload: 'false' })).hstsPreload, undefined);
    assert.equal(readAppConfig(context({ hstsPreload: 'true' })).hstsPreload, true);
    assert.equal(readAppConfig(context({ hstsPreload: true })).hstsPreload, true);
    assert.throws(
      () => readAppConfig(context({ hstsPreload: 'yes' })),
      /-c hstsPreload must be true or false/,
    );
  });

  test('refuse a domain without its certificate, saying which -c is missing', () => {
    assert.throws(() => readAppConfig(context({ domainName: DOMAIN })), /needs -c certificateArn/);
    assert.throws(() => readAppConfig(context({ certificateArn: CERTIFICATE })), /needs -c domainName/);
  });

  test('refuse a certificate outside us-east-1, where CloudFront cannot use it', () => {
    const elsewhere = CERTIFICATE.replace('us-east-1', 'eu-west-1');
    assert.throws(
      () => readAppConfig(context({ domainName: DOMAIN, certificateArn: elsewhere })),
      (error: unknown) => error instanceof InfraConfigError && error.message.includes('us-east-1'),
    );
  });

  test('refuse a malformed domain, e-mail or price class, quoting the value', () => {
    assert.throws(
      () => readAppConfig(context({ domainName: 'https://x.com', certificateArn: CERTIFICATE })),
      /https:\/\/x\.com/,
    );
    assert.throws(() => readAppConfig(context({ alarmEmail: 'author' })), /alarmEmail=author/);
    assert.throws(
      () => readAppConfig(context({ priceClass: 'cheap' })),
      /priceClass=cheap is not one of PriceClass_100/,
    );
  });
});

describe('the stack with a custom domain, an alarm e-mail, a budget and HSTS preload', () => {
  // Bundling is tested in logbook-stack.test.ts.
  let synthesized: SynthesizedLogbook;
  let template: Template;
  before(() => {
    const config = readAppConfig(
      context({
        domainName: DOMAIN,
        certificateArn: CERTIFICATE,
        alarmEmail: EMAIL,
        budgetUsd: '12.50',
        priceClass: 'PriceClass_200',
        hstsPreload: 'true',
      }),
    );
    synthesized = synthLogbook(
      {
        priceClass: config.priceClass,
        ...(config.customDomain ? { customDomain: config.customDomain } : {}),
        ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
        ...(config.budgetUsd !== undefined ? { budgetUsd: config.budgetUsd } : {}),
        ...(config.hstsPreload ? { hstsPreload: true } : {}),
      },
      { context: { 'aws:cdk:bundling-stacks': [] } },
    );
    template = synthesized.template;
  });
  after(() => synthesized.dispose());

  const distributionConfig = () =>
    (
      Object.values(template.findResources('AWS::CloudFront::Distribution'))[0] as {
        Properties: { DistributionConfig: Record<string, unknown> };
      }
    ).Properties.DistributionConfig;

  test('serves the domain with its certificate and TLS 1.2 at the viewer', () => {
    const config = distributionConfig();
    assert.deepEqual(config.Aliases, [DOMAIN]);
    assert.deepEqual(config.ViewerCertificate, {
      AcmCertificateArn: CERTIFICATE,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
  });

  test('uses the price class asked for', () => {
    assert.equal(distributionConfig().PriceClass, 'PriceClass_200');
  });

  test('gives the site URL on the custom domain', () => {
    template.hasOutput('SiteUrl', { Value: `https://${DOMAIN}` });
  });

  test('mails alarms to the address given', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: EMAIL });
  });

  test('has a monthly cost budget that mails the address at 80% and 100% of actual cost', () => {
    const budgets = Object.values(template.findResources('AWS::Budgets::Budget')) as {
      Properties: {
        Budget: Record<string, unknown>;
        NotificationsWithSubscribers: { Notification: Record<string, unknown>; Subscribers: unknown[] }[];
      };
    }[];
    assert.equal(budgets.length, 1);
    const budget = budgets[0]?.Properties;
    assert.deepEqual(budget?.Budget, {
      BudgetType: 'COST',
      TimeUnit: 'MONTHLY',
      BudgetLimit: { Amount: 12.5, Unit: 'USD' },
    });
    assert.deepEqual(
      budget?.NotificationsWithSubscribers.map((n) => n.Notification),
      [80, 100].map((threshold) => ({
        NotificationType: 'ACTUAL',
        ComparisonOperator: 'GREATER_THAN',
        Threshold: threshold,
        ThresholdType: 'PERCENTAGE',
      })),
    );
    for (const n of budget?.NotificationsWithSubscribers ?? []) {
      assert.deepEqual(n.Subscribers, [{ SubscriptionType: 'EMAIL', Address: EMAIL }]);
    }
  });

  test('sends HSTS with includeSubDomains and preload, as asked', () => {
    const [policy] = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy')) as {
      Properties: {
        ResponseHeadersPolicyConfig: { SecurityHeadersConfig: { StrictTransportSecurity: unknown } };
      };
    }[];
    assert.deepEqual(
      policy?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.StrictTransportSecurity,
      {
        AccessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS,
        IncludeSubdomains: true,
        Preload: true,
        Override: true,
      },
    );
  });
});
