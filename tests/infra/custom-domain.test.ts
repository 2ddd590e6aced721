import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CERTIFICATE_STACK_NAME } from '../../infra/domain/certificate-stack.ts';
import { placeDomain } from '../../infra/domain/domain-stacks.ts';
import type { ManagedDomain } from '../../infra/domain-config.ts';
import { InfraConfigError } from '../../infra/errors.ts';
import { LogbookStack } from '../../infra/logbook-stack.ts';
import { addNagChecks } from '../../infra/nag.ts';
import { cdkJsonContext, fixtureProps } from './synth-logbook.ts';

// CloudFormation's template validator is slow to start; logbook-stack.test.ts runs it on the full stack.
process.env.CDK_VALIDATION = 'false';

const ZONE_ID = 'Z0123456789ABCDEFGHIJ';
const DOMAIN: ManagedDomain = {
  domainName: 'blog.example.com',
  hostedZoneId: ZONE_ID,
  hostedZoneName: 'example.com',
  redirectWww: false,
};

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** The app as infra/logbook-app.ts composes it for a managed domain (cdk.json flags, cdk-nag), synthesized. */
function synthManaged(domain: ManagedDomain, region: string) {
  const outdir = mkdtempSync(join(tmpdir(), 'logbook-domain-'));
  folders.push(outdir);
  const app = new App({ outdir, context: { ...cdkJsonContext(), '@aws-cdk/core:appMode': 'inmemory' } });
  addNagChecks(app);
  const placement = placeDomain(app, domain, { region });
  const stack = new LogbookStack(app, 'Logbook', {
    ...fixtureProps(),
    env: placement.env,
    crossRegionReferences: placement.crossRegionReferences,
    managedDomain: domain,
    ...(placement.certificate ? { domainCertificate: placement.certificate } : {}),
  });
  const assembly = app.synth();
  const certificateStack = app.node.tryFindChild(CERTIFICATE_STACK_NAME);
  return {
    template: Template.fromStack(stack),
    certificateTemplate: certificateStack
      ? Template.fromJSON(assembly.getStackByName(CERTIFICATE_STACK_NAME).template)
      : undefined,
    certificateRegion: certificateStack
      ? assembly.getStackByName(CERTIFICATE_STACK_NAME).environment.region
      : undefined,
  };
}

// CloudFront's fixed alias zone, and the distribution's own domain name.
const ALIAS_TARGET = Match.objectLike({
  HostedZoneId: Match.anyValue(),
  DNSName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SiteDistribution'), 'DomainName'] },
});

describe('a custom domain the stack certifies and points at the site (-c hostedZoneId)', () => {
  test('outside us-east-1: a DNS-validated certificate in a us-east-1 stack, records and the alias here', () => {
    const { template, certificateTemplate, certificateRegion } = synthManaged(DOMAIN, 'eu-west-1');
    assert.equal(certificateRegion, 'us-east-1');
    assert.ok(certificateTemplate, 'the certificate stack is in the app');
    certificateTemplate.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'blog.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'blog.example.com', HostedZoneId: ZONE_ID }],
    });
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    // The ARN crosses regions as a reference to the us-east-1 stack's output (cdk.json's cross-stack flag).
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        ViewerCertificate: Match.objectLike({
          AcmCertificateArn: {
            'Fn::GetStackOutput': {
              StackName: CERTIFICATE_STACK_NAME,
              Region: 'us-east-1',
              OutputName: Match.anyValue(),
            },
          },
        }),
      }),
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['blog.example.com'],
        ViewerCertificate: Match.objectLike({
          SslSupportMethod: 'sni-only',
          MinimumProtocolVersion: 'TLSv1.2_2021',
        }),
      }),
    });
    for (const type of ['A', 'AAAA']) {
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'blog.example.com.',
        Type: type,
        HostedZoneId: ZONE_ID,
        AliasTarget: ALIAS_TARGET,
      });
    }
    template.resourceCountIs('AWS::Route53::RecordSet', 2);
  });

  test('in us-east-1: one stack holds the certificate, the records and the distribution', () => {
    const { template, certificateTemplate } = synthManaged(DOMAIN, 'us-east-1');
    assert.equal(certificateTemplate, undefined);
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'blog.example.com',
      ValidationMethod: 'DNS',
    });
    template.resourceCountIs('AWS::Route53::RecordSet', 2);
  });

  test('with redirectWww: the certificate covers www, www gets its A and AAAA records and is an alias', () => {
    const { template, certificateTemplate } = synthManaged({ ...DOMAIN, redirectWww: true }, 'eu-central-1');
    certificateTemplate?.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'blog.example.com',
      SubjectAlternativeNames: ['www.blog.example.com'],
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ Aliases: ['blog.example.com', 'www.blog.example.com'] }),
    });
    for (const type of ['A', 'AAAA']) {
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'www.blog.example.com.',
        Type: type,
      });
    }
    template.resourceCountIs('AWS::Route53::RecordSet', 4);
  });

  test('refuses to place the certificate when the region is unknown at synth, naming the fix', () => {
    assert.throws(
      () => placeDomain(new App(), DOMAIN, {}),
      (error: unknown) =>
        error instanceof InfraConfigError && /-c hostedZoneId=.*AWS_REGION/.test(error.message),
    );
  });
});
