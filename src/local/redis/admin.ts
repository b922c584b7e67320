import { ADMIN_USER } from './config';
import { AdminClient } from './resp';
import { TlsFiles } from '../tls/ca';

/** An admin connection to one node (the engine's hidden user). */
export function adminConnection(host: string, port: number, adminPassword: string, tls?: TlsFiles): AdminClient {
  return new AdminClient({ host, port, username: ADMIN_USER, password: adminPassword, ca: tls?.ca });
}

/** Parses `INFO` output into a map. */
export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

/** Polls `check` every `intervalMs` until it returns true or the timeout passes. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 15_000, intervalMs = 5): Promise<void> {
  const end = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > end) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (${(lastError as Error).message})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
