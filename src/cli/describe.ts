import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { describeTemplate } from '../describe/model';
import { renderMermaid } from '../describe/render-mermaid';
import { renderText } from '../describe/render-text';

/** `cdk-elasticache describe --template FILE [--mermaid]`: draws the caches of a synthesized template. */
export function describeCommand(): Command {
  return new Command('describe')
    .description('draw each ElastiCache cache of a synthesized CloudFormation template (shards, nodes, slots, endpoints, encryption, auth)')
    .requiredOption('-t, --template <file>', 'a synthesized template, e.g. cdk.out/MyStack.template.json')
    .option('--mermaid', 'emit a Mermaid flowchart for documentation instead of the terminal drawing')
    .action((options: { template: string; mermaid?: boolean }) => {
      let template: unknown;
      try {
        template = JSON.parse(readFileSync(options.template, 'utf8'));
      } catch (e) {
        throw new Error(`cannot read template '${options.template}' (JSON expected, as cdk synth writes to cdk.out): ${(e as Error).message}`);
      }
      const caches = describeTemplate(template);
      process.stdout.write(options.mermaid ? renderMermaid(caches) : renderText(caches));
    });
}
