import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { InfraConfigError } from '../../infra/errors.ts';
import { type GithubDeploy, readGithubOptions } from '../../infra/github/github-config.ts';
import { DEPLOY_ROLE_OUTPUT, GithubDeployStack } from '../../infra/github/github-deploy-stack.ts';
import { addNagChecks } from '../../infra/nag.ts';
import { cdkJsonContext } from './synth-logbook.ts';

const PROVIDER_ARN = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';

function context(values: Record<string, unknown>): (key: string) => unknown {
  return (key) => values[key];
}

function rejects(values: Record<string, unknown>, message: RegExp): void {
  assert.throws(
    () => readGithubOptions(context(values)),
    (error: unknown) => error instanceof InfraConfigError && message.test(error.message),
  );
}

/** The GitHub stack alone, with cdk.json's flags and cdk-nag (its findings throw). */
function synthGithub(github: GithubDeploy, extraRegions: string[] = []): Template {
  const app = new App({ context: { ...cdkJsonContext(), '@aws-cdk/core:appMode': 'inmemory' } });
  addNagChecks(app);
  const stack = new GithubDeployStack(app, 'LogbookGithub', { github, extraRegions });
  app.synth();
  return Template.fromStack(stack);
}

const GITHUB: GithubDeploy = { repo: 'octo-org/logbook', branch: 'main', bootstrapQualifier: 'hnb659fds' };

describe('the GitHub deploy options (-c githubRepo, githubBranch, githubOidcProviderArn)', () => {
  test('are off by default, and default the branch to main and the qualifier to hnb659fds', () => {
    assert.equal(readGithubOptions(context({})), undefined);
    assert.deepEqual(readGithubOptions(context({ githubRepo: 'octo-org/logbook' })), GITHUB);
    assert.deepEqual(
      readGithubOptions(
        context({
          githubRepo: 'octo-org/my.blog_1',
          githubBranch: 'release/blog',
          githubOidcProviderArn: PROVIDER_ARN,
          '@aws-cdk/core:bootstrapQualifier': 'blog1',
        }),
      ),
      {
        repo: 'octo-org/my.blog_1',
        branch: 'release/blog',
        oidcProviderArn: PROVIDER_ARN,
        bootstrapQualifier: 'blog1',
      },
    );
  });

  test('refuse a malformed repository, naming the option and the form to write', () => {
    for (const repo of [
      'logbook',
      'octo-org/',
      '/logbook',
      'a/b/c',
      'octo org/logbook',
      'octo-org/..',
      '-x/y',
      'o/*',
    ]) {
      rejects({ githubRepo: repo }, /^-c githubRepo=.* is not a GitHub repository: write owner\/name/);
    }
  });

  test('refuse a branch with a wildcard or what git refuses', () => {
    for (const branch of ['*', 'feature/*', 'a..b', '-x', 'x/', 'x.lock', 'a b', 'refs?']) {
      rejects({ githubRepo: 'o/r', githubBranch: branch }, /^-c githubBranch=.* is not a branch name/);
    }
  });

  test('refuse a provider ARN for another issuer, and options without githubRepo', () => {
    rejects(
      {
        githubRepo: 'o/r',
        githubOidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/evil.example.com',
      },
      /^-c githubOidcProviderArn=.* is not GitHub's IAM OIDC provider/,
    );
    rejects({ githubBranch: 'main' }, /^-c githubBranch needs -c githubRepo=/);
    rejects({ githubOidcProviderArn: PROVIDER_ARN }, /^-c githubOidcProviderArn needs -c githubRepo=/);
    rejects(
      { githubRepo: 'o/r', '@aws-cdk/core:bootstrapQualifier': 'far-too-long-1' },
      /bootstrapQualifier/,
    );
  });
});

describe('the GitHub deploy stack', () => {
  test('trusts only the repository’s branch, through GitHub’s OIDC provider, for sts.amazonaws.com', () => {
    const template = synthGithub(GITHUB);
    template.hasResourceProperties('AWS::IAM::OIDCProvider', {
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRoleWithWebIdentity',
            Principal: { Federated: { Ref: Match.stringLikeRegexp('^GithubOidc') } },
            Condition: {
              StringEquals: {
                'token.actions.githubusercontent.com:sub': 'repo:octo-org/logbook:ref:refs/heads/main',
                'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
              },
            },
          },
        ],
      },
    });
  });

  test('can do nothing but assume the CDK bootstrap roles of its account and region', () => {
    const template = synthGithub(GITHUB);
    const policies = template.findResources('AWS::IAM::Policy');
    assert.equal(Object.keys(policies).length, 1);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['sts:AssumeRole', 'sts:TagSession'],
            Resource: {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':iam::',
                  { Ref: 'AWS::AccountId' },
                  ':role/cdk-hnb659fds-*-',
                  { Ref: 'AWS::AccountId' },
                  '-',
                  { Ref: 'AWS::Region' },
                ],
              ],
            },
          },
        ],
      },
    });
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    const role = Object.values(template.findResources('AWS::IAM::Role'))[0] as { Properties: object };
    assert.equal('ManagedPolicyArns' in role.Properties, false);
    template.hasOutput(DEPLOY_ROLE_OUTPUT, {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DeployRole'), 'Arn'] },
    });
  });

  test('with a certificate stack in us-east-1, adds only that region’s bootstrap roles', () => {
    const template = synthGithub({ ...GITHUB, bootstrapQualifier: 'blog1' }, ['us-east-1']);
    const statement = Object.values(template.findResources('AWS::IAM::Policy'))[0] as {
      Properties: { PolicyDocument: { Statement: { Resource: unknown[] }[] } };
    };
    const resources = JSON.stringify(statement.Properties.PolicyDocument.Statement[0]?.Resource);
    assert.match(resources, /:role\/cdk-blog1-\*-/);
    assert.match(resources, /-us-east-1"/);
    assert.equal(statement.Properties.PolicyDocument.Statement[0]?.Resource.length, 2);
  });

  test('imports an existing provider instead of making a second one', () => {
    const template = synthGithub({ ...GITHUB, branch: 'release/blog', oidcProviderArn: PROVIDER_ARN });
    template.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [
          Match.objectLike({
            Principal: { Federated: PROVIDER_ARN },
            Condition: {
              StringEquals: Match.objectLike({
                'token.actions.githubusercontent.com:sub':
                  'repo:octo-org/logbook:ref:refs/heads/release/blog',
              }),
            },
          }),
        ],
      }),
    });
  });
});
