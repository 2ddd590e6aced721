import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readAppConfig } from '../../infra/app-config.ts';
import { readDomainOptions } from '../../infra/domain-config.ts';
import { InfraConfigError } from '../../infra/errors.ts';

const ZONE_ID = 'Z0123456789ABCDEFGHIJ';
const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const MANAGED = { domainName: 'Blog.Example.com', hostedZoneId: ZONE_ID, hostedZoneName: 'example.com.' };

function context(values: Record<string, unknown>): (key: string) => unknown {
  return (key) => values[key];
}

function rejects(values: Record<string, unknown>, message: RegExp): void {
  assert.throws(
    () => readDomainOptions(context(values)),
    (error: unknown) => error instanceof InfraConfigError && message.test(error.message),
    `expected ${message} for ${JSON.stringify(values)}`,
  );
}

describe('the managed custom domain options (-c domainName -c hostedZoneId -c hostedZoneName -c redirectWww)', () => {
  test('read the domain and its zone in lower case, without the trailing dot, redirectWww off by default', () => {
    assert.deepEqual(readDomainOptions(context(MANAGED)), {
      managedDomain: {
        domainName: 'blog.example.com',
        hostedZoneId: ZONE_ID,
        hostedZoneName: 'example.com',
        redirectWww: false,
      },
    });
    assert.equal(
      readDomainOptions(context({ ...MANAGED, redirectWww: 'true' })).managedDomain?.redirectWww,
      true,
    );
    assert.equal(
      readDomainOptions(context({ ...MANAGED, domainName: 'example.com' })).managedDomain?.domainName,
      'example.com',
    );
  });

  test('reach the app config beside the other options, and keep the certificateArn path', () => {
    assert.equal(readAppConfig(context(MANAGED)).managedDomain?.hostedZoneId, ZONE_ID);
    assert.deepEqual(
      readAppConfig(context({ domainName: 'blog.example.com', certificateArn: CERTIFICATE })).customDomain,
      {
        domainName: 'blog.example.com',
        certificateArn: CERTIFICATE,
      },
    );
  });

  test('refuse a hosted zone without a domain, or without its name', () => {
    rejects(
      { hostedZoneId: ZONE_ID, hostedZoneName: 'example.com' },
      /^-c hostedZoneId needs -c domainName=/,
    );
    rejects(
      { domainName: 'blog.example.com', hostedZoneId: ZONE_ID },
      /needs -c hostedZoneName=.*nothing is looked up/,
    );
    rejects({ hostedZoneName: 'example.com' }, /^-c hostedZoneName needs -c hostedZoneId=/);
  });

  test('refuse a domain outside the zone, naming both and a name to write', () => {
    rejects(
      { ...MANAGED, domainName: 'blog.example.org' },
      /^-c domainName=blog\.example\.org is outside -c hostedZoneName=example\.com: write a name in that zone, such as blog\.example\.com/,
    );
    // A suffix that is not a whole label is outside too.
    rejects({ ...MANAGED, domainName: 'notexample.com' }, /is outside -c hostedZoneName=example\.com/);
  });

  test('refuse a malformed zone id or zone name', () => {
    for (const id of ['z0123', 'Z01/../x', 'ABCDEF', 'Z']) {
      rejects({ ...MANAGED, hostedZoneId: id }, /^-c hostedZoneId=.* is not a Route 53 hosted zone id/);
    }
    rejects(
      { ...MANAGED, hostedZoneName: 'example' },
      /^-c hostedZoneName=example is not a host name such as example\.com/,
    );
  });

  test('refuse certificateArn together with hostedZoneId, and a domain with no certificate source', () => {
    rejects(
      { ...MANAGED, certificateArn: CERTIFICATE },
      /^-c certificateArn and -c hostedZoneId exclude each other/,
    );
    rejects({ domainName: 'blog.example.com' }, /needs -c certificateArn=.*or -c hostedZoneId=/);
  });

  test('refuse redirectWww without a managed domain, or on a name that already starts with www.', () => {
    rejects(
      { redirectWww: 'true' },
      /^-c redirectWww=true needs -c domainName, -c hostedZoneId and -c hostedZoneName/,
    );
    rejects(
      { domainName: 'blog.example.com', certificateArn: CERTIFICATE, redirectWww: true },
      /^-c redirectWww=true needs/,
    );
    rejects({ ...MANAGED, domainName: 'www.example.com', redirectWww: 'true' }, /already starts with www\./);
    rejects({ ...MANAGED, redirectWww: 'yes' }, /^-c redirectWww must be true or false/);
  });
});
