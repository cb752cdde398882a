import * as path from 'node:path';
import * as cdk from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

// The ride table belongs to the ride-record service (Serverless); the report only reads it.
const RIDE_TABLE = 'wild-rydes-ride-record-dev-RideRecordTable-1O6M5XW4Y9Q8Z';

export class ReportingStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    iam.PermissionsBoundary.of(this).apply(
      iam.ManagedPolicy.fromManagedPolicyName(this, 'WorkloadBoundary', 'wild-rydes-workload-boundary'),
    );

    const metricsStream = new kinesis.Stream(this, 'MetricsStream', {
      streamName: 'wild-rydes-metrics',
      shardCount: 1,
    });

    const rideTable = dynamodb.Table.fromTableAttributes(this, 'RideTable', {
      tableName: RIDE_TABLE,
      globalIndexes: ['by-rider'],
    });

    const reporter = new lambda.Function(this, 'DailyReporter', {
      runtime: lambda.Runtime.PYTHON_3_12,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(__dirname, '../reporter')),
      description: 'Daily ride report',
      timeout: cdk.Duration.minutes(5),
      memorySize: 512,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        RIDE_TABLE,
        REPORT_STATE_MACHINE: `arn:${cdk.Aws.PARTITION}:states:${cdk.Aws.REGION}:${cdk.Aws.ACCOUNT_ID}:stateMachine:wild-rydes-daily-report`,
        METRICS_STREAM: metricsStream.streamName,
      },
    });
    cdk.Tags.of(reporter.role!).add('aws-cdk:stack', this.stackName);

    // Step Functions "for now": the report starts and polls one state machine.
    reporter.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:*'], resources: ['*'] }));
    events.EventBus.fromEventBusName(this, 'DefaultBus', 'default').grantPutEventsTo(reporter);
    // The DR copy of the metrics stream lives in us-west-2.
    reporter.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['kinesis:PutRecord', 'kinesis:PutRecords'],
        resources: [`arn:${cdk.Aws.PARTITION}:kinesis:*:${cdk.Aws.ACCOUNT_ID}:stream/wild-rydes-metrics*`],
      }),
    );
    rideTable.grant(reporter, 'dynamodb:Scan', 'dynamodb:Query');

    new events.Rule(this, 'DailySchedule', {
      schedule: events.Schedule.cron({ minute: '20', hour: '2' }),
      targets: [new targets.LambdaFunction(reporter)],
    });
  }
}
