import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { invalidationBatchXml } from '../../infra/site/invalidation/create-invalidation.ts';
import { type HandlerDeps, handleEvent } from '../../infra/site/invalidation/handler.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

// One loopback server plays both CloudFront's API and CloudFormation's presigned response URL.
const received: Received[] = [];
let cloudFrontStatuses: number[] = [];
let server: Server;
let base = '';

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      const status = req.url?.startsWith('/2020-05-31/') ? (cloudFrontStatuses.shift() ?? 201) : 200;
      res
        .writeHead(status)
        .end(status === 201 ? '<Invalidation/>' : '<Error><Code>Throttling</Code></Error>');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());
beforeEach(() => {
  received.length = 0;
  cloudFrontStatuses = [];
});

const logs: Record<string, unknown>[] = [];
function deps(): HandlerDeps {
  return {
    credentials: () => ({
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    }),
    cloudFrontEndpoint: base,
    log: (entry) => logs.push(entry),
    sleep: async () => {},
  };
}

const common = {
  ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:invalidator',
  StackId: 'arn:aws:cloudformation:us-east-1:111111111111:stack/Logbook/1',
  RequestId: 'request-1',
  LogicalResourceId: 'ChangedPagesInvalidation',
  ResourceType: 'Custom::ChangedPagesInvalidation',
};

function update(
  oldPages: string[],
  newPages: string[],
  oldDistribution = 'E2EXAMPLE',
): CloudFormationCustomResourceEvent {
  return {
    ...common,
    RequestType: 'Update',
    ResponseURL: `${base}/cfn-response?signature=x`,
    PhysicalResourceId: 'changed-paths-E2EXAMPLE',
    ResourceProperties: { ServiceToken: common.ServiceToken, DistributionId: 'E2EXAMPLE', Pages: newPages },
    OldResourceProperties: {
      ServiceToken: common.ServiceToken,
      DistributionId: oldDistribution,
      Pages: oldPages,
    },
  };
}

function cloudFrontCalls(): Received[] {
  return received.filter((r) => r.url.startsWith('/2020-05-31/'));
}

function cfnResponse(): Record<string, unknown> {
  const reply = received.find((r) => r.url.startsWith('/cfn-response'));
  assert.ok(reply, 'no response was sent to CloudFormation');
  assert.equal(reply.method, 'PUT');
  assert.equal(reply.headers['content-type'], '');
  return JSON.parse(reply.body) as Record<string, unknown>;
}

describe('the changed-pages invalidation custom resource', () => {
  test('invalidates only the changed page, signed with SigV4, and reports success', async () => {
    await handleEvent(
      update(['a:index.html', 'b:posts/x/index.html'], ['a:index.html', 'c:posts/x/index.html']),
      deps(),
    );
    const [call] = cloudFrontCalls();
    assert.ok(call);
    assert.equal(call.method, 'POST');
    assert.equal(call.url, '/2020-05-31/distribution/E2EXAMPLE/invalidation');
    assert.match(
      String(call.headers.authorization),
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/cloudfront\/aws4_request/,
    );
    assert.equal(call.body, invalidationBatchXml(['/posts/x/', '/posts/x/index.html'], 'request-1'));
    assert.deepEqual(cfnResponse(), {
      Status: 'SUCCESS',
      PhysicalResourceId: 'changed-paths-E2EXAMPLE',
      StackId: common.StackId,
      RequestId: 'request-1',
      LogicalResourceId: 'ChangedPagesInvalidation',
      Data: { Paths: '2' },
    });
  });

  test('makes no CloudFront call when no page changed', async () => {
    await handleEvent(update(['a:index.html'], ['a:index.html']), deps());
    assert.equal(cloudFrontCalls().length, 0);
    assert.equal(cfnResponse().Status, 'SUCCESS');
  });

  test('makes no CloudFront call on create: a new distribution caches nothing yet', async () => {
    const create: CloudFormationCustomResourceEvent = {
      ...common,
      RequestType: 'Create',
      ResponseURL: `${base}/cfn-response?signature=x`,
      ResourceProperties: {
        ServiceToken: common.ServiceToken,
        DistributionId: 'E2EXAMPLE',
        Pages: ['a:index.html'],
      },
    };
    await handleEvent(create, deps());
    assert.equal(cloudFrontCalls().length, 0);
    assert.equal(cfnResponse().PhysicalResourceId, 'changed-paths-E2EXAMPLE');
  });

  test('makes no CloudFront call when the distribution itself was replaced', async () => {
    await handleEvent(update(['a:index.html'], ['b:index.html'], 'E1OLDEXAMPLE'), deps());
    assert.equal(cloudFrontCalls().length, 0);
    assert.equal(cfnResponse().Status, 'SUCCESS');
  });

  test('retries a throttled call with the same caller reference', async () => {
    cloudFrontStatuses = [503, 201];
    await handleEvent(update(['a:feed.xml'], ['b:feed.xml']), deps());
    const calls = cloudFrontCalls();
    assert.equal(calls.length, 2);
    assert.equal(calls[0]?.body, calls[1]?.body);
    assert.equal(cfnResponse().Status, 'SUCCESS');
  });

  test('reports FAILED with CloudFront’s answer when the call is refused', async () => {
    cloudFrontStatuses = [403];
    await handleEvent(update(['a:feed.xml'], ['b:feed.xml']), deps());
    const reply = cfnResponse();
    assert.equal(reply.Status, 'FAILED');
    assert.match(String(reply.Reason), /answered 403/);
    assert.equal(cloudFrontCalls().length, 1);
  });

  test('escapes XML in paths', () => {
    assert.match(invalidationBatchXml(['/a&b'], 'r'), /<Path>\/a&#38;b<\/Path>/);
  });
});
