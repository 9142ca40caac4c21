import { loadConfig } from '../src/config.ts';
import { createZixun } from '../src/main.ts';
const z = await createZixun({ ...loadConfig({ ZIXUN_LOG: 'silent', DATABASE_URL: 'sqlite:bench/results/bench-100000.db', ZIXUN_PAGE_CACHE: process.env.PC ?? '0' }), demo: false });
const ua = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126 Safari/537.36' };
for (const url of ['/news/50000.html', '/news/50001.html', '/', '/category/local/']) {
  const t = performance.now(); const r = await z.app.inject({ url, headers: ua }); console.log(url, r.statusCode, (performance.now() - t).toFixed(1), 'ms');
}
let t = performance.now();
for (let i = 0; i < 30; i++) await z.app.inject({ url: `/news/${1 + Math.floor(Math.random() * 100000)}.html`, headers: ua });
console.log('30 random articles', ((performance.now() - t) / 30).toFixed(1), 'ms each');
await z.close();
