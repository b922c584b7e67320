import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The state directory of a run: the one given (created if missing), else a new temporary one (`temporary`: removed by stop()). */
export function prepareStateDir(given: string | undefined): { readonly stateDir: string; readonly temporary: boolean } {
  const stateDir = resolve(given ?? mkdtempSync(join(tmpdir(), 'cdk-elasticache-')));
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  return { stateDir, temporary: given === undefined };
}
