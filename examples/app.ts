// `cd examples && npx cdk synth` — the example application stack as a user would deploy it.
import { App, Validations } from 'aws-cdk-lib';
import { ExampleStack } from './example-stack';
import { ElastiCacheChecks } from '../src';

const app = new App();
// The library's cdk-nag pack checks every ElastiCache resource at synthesis (a finding fails `cdk synth`).
Validations.of(app).addPlugins(new ElastiCacheChecks(app));
new ExampleStack(app, 'CdkElastiCacheExample', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT ?? '123456789012', region: process.env.CDK_DEFAULT_REGION ?? 'us-east-1' },
});
app.synth();
