import type { Config } from '../config.ts';
import { createZixun } from '../main.ts';
import { seedDemoIfEmpty } from './demo.ts';

/** Start the server; first start on an empty database fills it with demo content (unless ZIXUN_DEMO=0). */
export async function serve(config: Config): Promise<void> {
  const started = Date.now();
  const z = await createZixun(config);
  // Before demo content: an empty site records the search index version instead of rebuilding an index.
  const index = await z.search.ensureIndexVersion();
  if (index === 'rebuilding')
    console.log('The search index was built by an older version: rebuilding it in the background (searches use the old one meanwhile).');
  else if (index === 'elsewhere')
    console.log('The search index was built by an older version: another instance is rebuilding it (searches use the old one meanwhile).');
  if (config.demo) {
    const created = await seedDemoIfEmpty(z);
    if (created) {
      console.log(`Demo content created. Admin account: ${created.admin.username} / ${created.admin.password}`);
      console.log('  (change it after logging in; or create your own with: zixun user create --username NAME --role admin)');
    }
  }
  // Every page's 点击排行 sidebar waits for the first sum of the 24-hour totals: start it while the server starts.
  z.rankings.prime('24h');
  await z.app.listen({ port: config.port, host: config.host });
  const where = config.database.dialect === 'sqlite' ? config.database.path : 'PostgreSQL';
  console.log(`Zixun is serving http://localhost:${config.port}/ (database: ${where}; ready in ${Date.now() - started} ms)`);
  if (z.outboxDir) console.log(`Mail: SMTP_URL is not set, so outgoing mail (password resets) is written to ${z.outboxDir}`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: flushing hit counts and shutting down`);
    await z.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
