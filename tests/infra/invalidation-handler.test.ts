import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { awsCalls } from '../../infra/site/invalidation/aws-calls.ts';
import { manifestDocument } from '../../infra/site/invalidation/changed-paths.ts';
import { type HandlerDeps, handleEvent } from '../../infra/site/invalidation/handler.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const BUCKET = 'site-bucket';
const CLOUDFRONT = '/2020-05-31/distribution/';

// One loopback server plays S3 (path-style GetObject), CloudFront's API and CloudFormation's response URL;
// the handler talks to it through the real AWS SDK clients.
const received: Received[] = [];
const objects = new Map<string, string>();
let cloudFrontAnswers: Array<{ status: number; body: string }> = [];
let s3Status: number | undefined;
let server: Server;
let base = '';

const INVALIDATION_XML =
  '<?xml version="1.0"?><Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">' +
  '<Id>I1</Id><Status>InProgress</Status><CreateTime>2026-11-30T00:00:00Z</CreateTime></Invalidation>';
const errorXml = (code: string) =>
  `<?xml version="1.0"?><ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${code}</Message></Error></ErrorResponse>`;

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '';
      received.push({
        method: req.method ?? '',
        url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      if (url.startsWith(CLOUDFRONT)) {
        const answer = cloudFrontAnswers.shift() ?? { status: 201, body: INVALIDATION_XML };
        res.writeHead(answer.status, { 'content-type': 'text/xml' }).end(answer.body);
      } else if (url.startsWith(`/${BUCKET}/`)) {
        const body = objects.get(decodeURIComponent(url.slice(BUCKET.length + 2).split('?')[0] ?? ''));
        if (s3Status)
          res.writeHead(s3Status, { 'content-type': 'application/xml' }).end(errorXml('AccessDenied'));
        else if (body === undefined)
          res.writeHead(404, { 'content-type': 'application/xml' }).end(errorXml('NoSuchKey'));
        else res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      } else res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());
beforeEach(() => {
  received.length = 0;
  objects.clear();
  cloudFrontAnswers = [];
  s3Status = undefined;
});

const logs: Record<string, unknown>[] = [];
function deps(): HandlerDeps {
  return {
    aws: awsCalls({
      endpoint: base,
      region: 'eu-west-1',
      credentials: {
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      },
    }),
    log: (entry) => logs.push(entry),
    sleep: async () => {},
  };
}

/** Stores a manifest in the fake bucket, as the deployment does; returns its key. */
function stored(pages: string[]): string {
  const doc = manifestDocument(pages);
  objects.set(doc.key, doc.body);
  return doc.key;
}

const common = {
  ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:invalidator',
  StackId: 'arn:aws:cloudformation:us-east-1:111111111111:stack/Logbook/1',
  RequestId: 'request-1',
  LogicalResourceId: 'ChangedPagesInvalidation',
  ResourceType: 'Custom::ChangedPagesInvalidation',
};

function props(manifestKey: string, distribution = 'E2EXAMPLE') {
  return {
    ServiceToken: common.ServiceToken,
    DistributionId: distribution,
    BucketName: BUCKET,
    ManifestKey: manifestKey,
  };
}

function update(
  oldKey: string,
  newKey: string,
  oldProps: { ServiceToken: string } & Record<string, unknown> = props(oldKey),
): CloudFormationCustomResourceEvent {
  return {
    ...common,
    RequestType: 'Update',
    ResponseURL: `${base}/cfn-response?signature=x`,
    PhysicalResourceId: 'changed-paths-E2EXAMPLE',
    ResourceProperties: props(newKey),
    OldResourceProperties: oldProps,
  };
}

function cloudFrontCalls(): Received[] {
  return received.filter((r) => r.url.startsWith(CLOUDFRONT));
}

function invalidatedPaths(call: Received | undefined): string[] {
  return [...(call?.body ?? '').matchAll(/<Path>([^<]*)<\/Path>/g)].map((m) => m[1] ?? '');
}

function cfnResponse(): Record<string, unknown> {
  const reply = received.find((r) => r.url.startsWith('/cfn-response'));
  assert.ok(reply, 'no response was sent to CloudFormation');
  assert.equal(reply.method, 'PUT');
  assert.equal(reply.headers['content-type'], '');
  return JSON.parse(reply.body) as Record<string, unknown>;
}

describe('the changed-pages invalidation custom resource', () => {
  test('reads both manifests from the bucket and invalidates only the changed page, signed by the SDK', async () => {
    const before = stored(['a:index.html', 'b:posts/x/index.html']);
    const next = stored(['a:index.html', 'c:posts/x/index.html']);
    await handleEvent(update(before, next), deps());
    const [call] = cloudFrontCalls();
    assert.ok(call);
    assert.equal(call.method, 'POST');
    assert.equal(call.url, `${CLOUDFRONT}E2EXAMPLE/invalidation`);
    assert.match(
      String(call.headers.authorization),
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/cloudfront\/aws4_request/,
    );
    assert.deepEqual(invalidatedPaths(call), ['/posts/x/', '/posts/x/index.html']);
    assert.match(call.body, /<CallerReference>request-1<\/CallerReference>/);
    const reads = received.filter((r) => r.url.startsWith(`/${BUCKET}/`)).map((r) => r.url.split('?')[0]);
    assert.deepEqual(reads.sort(), [`/${BUCKET}/${before}`, `/${BUCKET}/${next}`].sort());
    assert.deepEqual(cfnResponse(), {
      Status: 'SUCCESS',
      PhysicalResourceId: 'changed-paths-E2EXAMPLE',
      StackId: common.StackId,
      RequestId: 'request-1',
      LogicalResourceId: 'ChangedPagesInvalidation',
      Data: { Paths: '2' },
    });
  });

  test('carries only the manifest key, so the event stays small however many pages changed', async () => {
    const pages = (n: number, hash: string) =>
      Array.from({ length: n }, (_, i) => `${hash}:posts/p${i}/index.html`);
    const event = update(stored(pages(20_000, 'a')), stored(pages(20_000, 'b')));
    assert.ok(JSON.stringify(event).length < 2000);
    await handleEvent(event, deps());
    assert.deepEqual(invalidatedPaths(cloudFrontCalls()[0]), ['/*']);
    assert.equal(cfnResponse().Status, 'SUCCESS');
  });

  test('invalidates the same pages back on a rollback, when CloudFormation swaps old and new', async () => {
    const before = stored(['a:index.html', 'b:feed.xml']);
    const next = stored(['a:index.html', 'c:feed.xml']);
    await handleEvent(update(next, before), deps());
    assert.deepEqual(invalidatedPaths(cloudFrontCalls()[0]), ['/feed.xml']);
    assert.equal(cfnResponse().Status, 'SUCCESS');
  });

  test('invalidates /* when the previous manifest is gone, or the stack predates manifests', async () => {
    await handleEvent(update(`${'_logbook/page-manifests/'}missing.json`, stored(['a:index.html'])), deps());
    assert.deepEqual(invalidatedPaths(cloudFrontCalls()[0]), ['/*']);
    received.length = 0;
    const old = { ServiceToken: common.ServiceToken, DistributionId: 'E2EXAMPLE', Pages: ['a:index.html'] };
    await handleEvent(update('', stored(['b:index.html']), old), deps());
    assert.deepEqual(invalidatedPaths(cloudFrontCalls()[0]), ['/*']);
    assert.equal(cfnResponse().Status, 'SUCCESS');
  });

  test('makes no call when the manifest did not change, or the distribution itself was replaced', async () => {
    const key = stored(['a:index.html']);
    await handleEvent(update(key, key), deps());
    assert.equal(cfnResponse().Status, 'SUCCESS');
    received.length = 0;
    await handleEvent(
      update(stored(['a:index.html']), stored(['b:index.html']), props(key, 'E1OLD')),
      deps(),
    );
    assert.equal(cloudFrontCalls().length, 0);
    assert.equal(cfnResponse().Status, 'SUCCESS');
  });

  test('makes no call on create and on delete, so the rollback of a failed create completes', async () => {
    for (const RequestType of ['Create', 'Delete'] as const) {
      received.length = 0;
      const event = {
        ...common,
        RequestType,
        ResponseURL: `${base}/cfn-response?signature=x`,
        PhysicalResourceId: 'changed-paths-E2EXAMPLE',
        ResourceProperties: props(stored(['a:index.html'])),
      } as CloudFormationCustomResourceEvent;
      await handleEvent(event, deps());
      assert.equal(received.filter((r) => r.url !== '/cfn-response?signature=x').length, 0);
      assert.equal(cfnResponse().Status, 'SUCCESS');
      assert.equal(cfnResponse().PhysicalResourceId, 'changed-paths-E2EXAMPLE');
    }
  });

  test('retries a throttled call with the same caller reference', async () => {
    cloudFrontAnswers = [{ status: 503, body: errorXml('ServiceUnavailable') }];
    await handleEvent(update(stored(['a:feed.xml']), stored(['b:feed.xml'])), deps());
    const calls = cloudFrontCalls();
    assert.equal(calls.length, 2);
    assert.equal(calls[0]?.body, calls[1]?.body);
    assert.equal(cfnResponse().Status, 'SUCCESS');
  });

  test('answers FAILED with CloudFront’s error when the call is refused, and does not hang', async () => {
    cloudFrontAnswers = [{ status: 403, body: errorXml('AccessDenied') }];
    await handleEvent(update(stored(['a:feed.xml']), stored(['b:feed.xml'])), deps());
    const reply = cfnResponse();
    assert.equal(reply.Status, 'FAILED');
    assert.match(String(reply.Reason), /AccessDenied/);
    assert.equal(cloudFrontCalls().length, 1);
  });

  test('answers FAILED naming the key when this deploy’s manifest cannot be read', async () => {
    const before = stored(['a:feed.xml']);
    await handleEvent(update(before, '_logbook/page-manifests/never-uploaded.json'), deps());
    const reply = cfnResponse();
    assert.equal(reply.Status, 'FAILED');
    assert.match(String(reply.Reason), /never-uploaded\.json is not in bucket site-bucket/);
    assert.equal(cloudFrontCalls().length, 0);
  });

  test('answers FAILED on properties it does not know, instead of throwing without an answer', async () => {
    const event = update('a', 'b');
    (event.ResourceProperties as Record<string, unknown>).ManifestKey = 42;
    await handleEvent(event, deps());
    assert.match(String(cfnResponse().Reason), /ManifestKey/);
  });
});
