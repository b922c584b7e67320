/**
 * The demo: synthesizes the example stack and prints its cdk-nag report per pack.
 * (Later steps start the local engine from the template and run the caching patterns.)
 *
 *   ./scripts/demo.sh
 */
import { App } from 'aws-cdk-lib';
import { ExampleStack } from './example-stack';
import { nagFindings, NAG_PACKS } from './lib/compliance';

function main(): number {
  const app = new App();
  const stack = new ExampleStack(app, 'CdkElastiCacheExample', { env: { account: '123456789012', region: 'us-east-1' } });
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template;
  const resources = Object.values<{ Type: string }>(template.Resources);
  const caches = resources.filter((r) => r.Type.startsWith('AWS::ElastiCache::'));
  console.log(`Synthesized ${stack.stackName}: ${resources.length} resources, ${caches.length} ElastiCache resources`);

  const findings = nagFindings(stack);
  console.log('\ncdk-nag (unacknowledged errors per pack):');
  for (const pack of NAG_PACKS) {
    const mine = findings.filter((f) => f.pack === pack.name);
    console.log(`  ${pack.name.padEnd(16)} ${mine.length === 0 ? 'pass' : `${mine.length} rule(s) failing`}`);
    for (const f of mine) console.log(`    ${f.rule}: ${f.resources.join(', ')}`);
  }
  return findings.length === 0 ? 0 : 1;
}

process.exitCode = main();
