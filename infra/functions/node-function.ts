import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  ApplicationLogLevel,
  Architecture,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface NodeFunctionProps {
  /** The TypeScript file exporting `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly environment?: Readonly<Record<string, string>>;
  /** @default 256 */
  readonly memorySize?: number;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** @default one month */
  readonly logRetention?: RetentionDays;
  /**
   * Leaves `@aws-sdk/*` out of the bundle and uses the SDK the Lambda runtime ships. For deploy-time
   * functions whose S3 and CloudFront clients would take the bundle past its 120 KB gzipped budget.
   * @default false: the tracker's functions run the SDK version the tests ran
   */
  readonly runtimeAwsSdk?: boolean;
}

/**
 * A Node.js Lambda function as every Logbook function is built: bundled by the local esbuild as ESM (never
 * Docker), on the current Node.js runtime and arm64, logging JSON (with the request id) to its own log
 * group, and running as its own role that starts with no permissions but writing to that log group.
 */
export class NodeFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      // Operational logs go with the stack; the data they describe lives in the retained table.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An explicit role instead of the default one, which carries the AWS-managed
    // AWSLambdaBasicExecutionRole (logs:* on every log group).
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.description}`,
    });
    this.logGroup.grantWrite(this.role);
    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_LATEST,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: {
        format: OutputFormat.ESM,
        // Without these, esbuild picks the SDK's CommonJS builds and the ESM bundle dies at load
        // with `Dynamic require of "node:https" is not supported`.
        mainFields: ['module', 'main'],
        // The deployed code runs the SDK version the tests ran, not whatever the runtime ships.
        bundleAwsSDK: !props.runtimeAwsSdk,
        // On NODEJS_LATEST the CDK bundles the SDK whatever bundleAwsSDK says (a variable runtime), so the
        // runtime's SDK is asked for by name; tests/infra/lambda-bundles.test.ts checks the bundle's imports.
        ...(props.runtimeAwsSdk ? { externalModules: ['@aws-sdk/*'] } : {}),
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        forceDockerBundling: false,
      },
    });
  }
}
