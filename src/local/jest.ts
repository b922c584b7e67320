import { CacheEndpoints } from './endpoints';
import { LocalEngine, LocalEngineOptions } from './engine';
import { TemplateInput } from './template/load';

/** What `useLocalEngine` returns: usable inside tests (after beforeAll ran). */
export interface LocalEngineHandle {
  /** The running engine. */
  readonly engine: LocalEngine;
  /** The CA certificate (PEM) of the TLS endpoints. */
  readonly ca: string | undefined;
  /** Endpoints of a cache by logical id or construct path. */
  cache(idOrPath: string): CacheEndpoints;
}

declare const beforeAll: (fn: () => Promise<unknown>, timeout?: number) => void;
declare const afterAll: (fn: () => Promise<unknown>, timeout?: number) => void;

/**
 * Jest helper: starts the local engine before the suite and stops it after.
 *
 *   const local = useLocalEngine(template);
 *   test('...', async () => { const { primary } = local.cache('Cache'); ... });
 */
export function useLocalEngine(input: TemplateInput | (() => TemplateInput), options?: LocalEngineOptions): LocalEngineHandle {
  let engine: LocalEngine | undefined;
  const get = () => {
    if (!engine) throw new Error('the local engine is not running (use it inside tests, after beforeAll)');
    return engine;
  };
  beforeAll(async () => {
    engine = await LocalEngine.start(typeof input === 'function' ? input() : input, options);
  }, 60_000);
  afterAll(async () => {
    await engine?.stop();
  }, 30_000);
  return {
    get engine() {
      return get();
    },
    cache: (id) => get().cache(id),
    get ca() {
      return get().ca;
    },
  };
}
