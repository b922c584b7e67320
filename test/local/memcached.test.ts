import { connect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { Client as MemjsClient } from 'memjs';
import { stateDir } from './helpers';
import { useLocalEngine } from '../../src/local';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MemcachePlus = require('memcache-plus');

const template = {
  Resources: {
    Plain: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { Engine: 'memcached', CacheNodeType: 'cache.t4g.small', NumCacheNodes: 3, AZMode: 'cross-az' } },
    Encrypted: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { Engine: 'memcached', CacheNodeType: 'cache.t4g.small', NumCacheNodes: 2, TransitEncryptionEnabled: true } },
  },
};
const local = useLocalEngine(template, { stateDir: stateDir() });

function raw(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.write(command));
    let out = '';
    s.on('data', (d) => {
      out += d.toString();
      if (out.endsWith('END\r\n') || out.endsWith('ERROR\r\n')) {
        s.end();
        resolve(out);
      }
    });
    s.on('error', reject);
  });
}

test('config get cluster answers in the ElastiCache auto-discovery format', async () => {
  const c = local.cache('Plain');
  expect(c).toMatchObject({ kind: 'memcached', engine: 'memcached', clusterMode: false, tls: false, primary: null, reader: null });
  const reply = await raw(c.configuration!.port, 'config get cluster\r\n');
  const m = /^CONFIG cluster 0 (\d+)\r\n([\s\S]*)\r\nEND\r\n$/.exec(reply)!;
  expect(m).not.toBeNull();
  expect(Buffer.byteLength(m[2])).toBe(Number(m[1]));
  const [version, entries] = m[2].split('\n');
  expect(version).toBe('1');
  expect(entries.split(' ').map((e) => Number(e.split('|')[2])).sort()).toEqual(c.nodes.map((n) => n.port).sort());
});

test('an auto-discovery client (memcache-plus) finds the nodes and spreads keys over all of them', async () => {
  const c = local.cache('Plain');
  // reconnect: false — with autodiscover, memcache-plus 0.3 connects to the discovered nodes twice (connect() and
  // getHostList() both call connectToHosts()) and disconnect() closes only the second set: the first set would
  // reconnect forever after the engine stops (with a growing back-off), the handle that kept a jest worker alive.
  const mc = new MemcachePlus({ hosts: [`127.0.0.1:${c.configuration!.port}`], autodiscover: true, reconnect: false, onNetError: () => undefined });
  await mc.ready();
  for (let i = 0; i < 60; i++) await mc.set(`key${i}`, `v${i}`);
  expect(await mc.get('key7')).toBe('v7');
  expect(Object.keys(mc.connections).length).toBe(3);
  // Every node holds some keys.
  for (const n of c.nodes) {
    const stats = await raw(n.port, 'stats\r\n');
    expect(Number(/STAT curr_items (\d+)/.exec(stats)![1])).toBeGreaterThan(0);
  }
  mc.disconnect();
});

test('memjs through the configuration endpoint (forwarded to a node)', async () => {
  const c = local.cache('Plain');
  const mc = MemjsClient.create(`127.0.0.1:${c.configuration!.port}`);
  await mc.set('memjs', 'hello', { expires: 60 });
  expect((await mc.get('memjs')).value?.toString()).toBe('hello');
  mc.close();
});

/** One request over TLS verified against the engine's CA. */
function rawTls(port: number, command: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = tlsConnect({ port, host: '127.0.0.1', ca, servername: 'localhost' }, () => s.write(command));
    let out = '';
    s.on('data', (d) => {
      out += d.toString();
      if (/(END|STORED|ERROR)\r\n$/.test(out)) {
        s.end();
        resolve(out);
      }
    });
    s.on('error', reject);
  });
}

// memcache-plus 0.3 passes its `tls` options nested (tls.connect({ tls: {...} })), so it cannot trust a private CA:
// for the TLS cluster, discovery is a tiny step over Node's tls and commands go to the discovered nodes.
test('TLS Memcached: auto-discovery and commands over TLS, plaintext refused', async () => {
  const c = local.cache('Encrypted');
  expect(c.tls).toBe(true);
  const reply = await rawTls(c.configuration!.port, 'config get cluster\r\n', local.ca!);
  const nodes = reply.split('\n')[2].split(' ').map((e) => Number(e.split('|')[2]));
  expect(nodes.sort()).toEqual(c.nodes.map((n) => n.port).sort());
  for (const port of nodes) {
    expect(await rawTls(port, 'set secure 0 0 3\r\nyes\r\n', local.ca!)).toBe('STORED\r\n');
    expect(await rawTls(port, 'get secure\r\n', local.ca!)).toBe('VALUE secure 0 3\r\nyes\r\nEND\r\n');
  }
  // Commands other than config get cluster are forwarded to a node over TLS too.
  expect(await rawTls(c.configuration!.port, 'get secure\r\n', local.ca!)).toContain('yes');
  const plain = await raw(c.nodes[0].port, 'version\r\n').catch((e: Error) => e.message);
  expect(plain).not.toMatch(/^VERSION/);
});

/** Sends commands on one connection and resolves after `count` replies (END/STORED lines). */
function replies(port: number, commands: string, count: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.write(commands));
    let out = '';
    s.on('data', (d) => {
      out += d.toString();
      if ((out.match(/(END|STORED)\r\n/g) ?? []).length >= count) {
        s.end();
        resolve(out);
      }
    });
    s.on('error', reject);
  });
}

test('every node answers config get cluster as on ElastiCache, then serves commands on the same connection', async () => {
  const c = local.cache('Plain');
  const expected = await raw(c.configuration!.port, 'config get cluster\r\n');
  for (const n of c.nodes) {
    expect(await raw(n.port, 'config get cluster\r\n')).toBe(expected);
    // The legacy form too, and a connection that asks first and then works with the node.
    expect(await raw(n.port, 'get AmazonElastiCache:cluster\r\n')).toMatch(/^VALUE AmazonElastiCache:cluster 0 \d+\r\n1\n/);
    const session = await replies(n.port, `config get cluster\r\nset n${n.port} 0 60 1\r\nx\r\nget n${n.port}\r\n`, 3);
    expect(session).toBe(`${expected}STORED\r\nVALUE n${n.port} 0 1\r\nx\r\nEND\r\n`);
  }
  const e = local.cache('Encrypted');
  const tlsExpected = await rawTls(e.configuration!.port, 'config get cluster\r\n', local.ca!);
  for (const n of e.nodes) expect(await rawTls(n.port, 'config get cluster\r\n', local.ca!)).toBe(tlsExpected);
});

test('a key written through one node is read from that node only (each front leads to its own process)', async () => {
  const c = local.cache('Plain');
  expect(await raw(c.nodes[0].port, 'set only-on-0 0 60 1\r\ny\r\nget only-on-0\r\n')).toBe('STORED\r\nVALUE only-on-0 0 1\r\ny\r\nEND\r\n');
  expect(await raw(c.nodes[1].port, 'get only-on-0\r\n')).toBe('END\r\n');
  expect(await raw(c.nodes[0].port, 'get only-on-0\r\n')).toBe('VALUE only-on-0 0 1\r\ny\r\nEND\r\n');
});
