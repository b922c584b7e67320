/*
 * Jest setup (setupFilesAfterEnv, .projenrc.ts): every template a test builds with `Template.fromStack`
 * passes through the schema harness (test/harness/validate-template.ts). A test that means to synthesize
 * an invalid template on purpose builds it with `Template.fromJSON` or `SynthUtils` instead.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { validateTemplate } from './validate-template';

const fromStack = Template.fromStack.bind(Template);
Template.fromStack = (...args: Parameters<typeof Template.fromStack>): Template => {
  const template = fromStack(...args);
  validateTemplate(template.toJSON());
  return template;
};
