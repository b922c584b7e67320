import { placeholderAddressFor, renderNodesConf } from '../../../src/local/redis/config';

// Valkey 8.1 (the engine image's, Debian trixie) flags a `noaddr` master `fail` when it loads nodes.conf: the boot
// placeholders get an address nothing listens on there, and every node of a shard the shard's id.
test('placeholder address only for Valkey >= 8.1', () => {
  expect(placeholderAddressFor({ flavour: 'valkey', version: '8.1.1' })).toBe('127.0.0.1:1@1');
  expect(placeholderAddressFor({ flavour: 'valkey', version: '9.0.0' })).toBe('127.0.0.1:1@1');
  expect(placeholderAddressFor({ flavour: 'valkey', version: '8.0.1' })).toBeUndefined();
  expect(placeholderAddressFor({ flavour: 'redis', version: '8.0.2' })).toBeUndefined();
  expect(placeholderAddressFor({ flavour: 'redis', version: '7.0.15' })).toBeUndefined();
});

test('nodes.conf for Valkey 8.1: addressed placeholder, one shard-id per shard', () => {
  const p = { nodeId: 'p'.repeat(40), port: 0, busPort: 0 };
  const a = { nodeId: 'a'.repeat(40), port: 1, busPort: 2 };
  const b = { nodeId: 'b'.repeat(40), port: 3, busPort: 4 };
  const s = 's'.repeat(40);
  const conf = renderNodesConf(
    [
      { node: p, slots: [[0, 16383]], epoch: 1, placeholder: true, shardId: s },
      { node: a, slots: [], masterId: p.nodeId, epoch: 0, shardId: s },
      { node: b, slots: [], masterId: a.nodeId, epoch: 0, shardId: s },
    ],
    a,
    '127.0.0.1:1@1',
  );
  expect(conf).toBe(
    `${p.nodeId} 127.0.0.1:1@1,,shard-id=${s} master - 0 0 1 disconnected 0-16383\n` +
      `${a.nodeId} 127.0.0.1:1@2,,shard-id=${s} myself,slave ${p.nodeId} 0 0 0 connected\n` +
      `${b.nodeId} 127.0.0.1:3@4,,shard-id=${s} slave ${a.nodeId} 0 0 0 connected\n` +
      'vars currentEpoch 1 lastVoteEpoch 0\n',
  );
});
