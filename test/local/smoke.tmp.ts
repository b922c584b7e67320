import { LocalEngine } from '../../src/local';
(async () => {
  for (const f of process.argv.slice(2)) {
    const t0 = Date.now();
    const e = await LocalEngine.start(f, { log: (m) => console.log('  ', m) });
    console.log(f, Date.now() - t0, 'ms', JSON.stringify(e.endpoints).slice(0, 600));
    await e.stop();
  }
})().catch((e) => { console.error(e); process.exit(1); });
