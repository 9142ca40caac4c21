import { z } from 'zod';
import { loadConfig, type Config } from '../config.ts';
import { migrate, openDatabase } from '../platform/db/index.ts';
import { CliError, USAGE, USAGES, describeError, intOption, parseCommand } from './cli-support.ts';

const HELP = `zixun：资讯门户引擎的命令行

用法：zixun <命令> [选项]

命令：
  serve                     启动网站（空数据库首次启动时写入演示内容；ZIXUN_DEMO=0 不写）
  migrate                   把数据库升级到最新结构
  seed                      生成大量模拟文章，用于压测
                            ${USAGES.seed}
  user create               创建会员（没有 --password-file 时在终端中输入密码）
                            ${USAGES.userCreate}
  token create              为会员创建 API 令牌（--days 设有效天数，默认永久）；标准输出只有令牌本身
                            ${USAGES.tokenCreate}
  token list                列出会员的 API 令牌（编号、名称、创建、最后使用、到期；不显示令牌本身）
                            ${USAGES.tokenList}
  token revoke              吊销一个令牌，或某会员的全部令牌（修改密码、封禁也会吊销全部令牌）
                            ${USAGES.tokenRevoke}
  export                    把栏目和所有未删除的文章导出为 JSON Lines（默认写到标准输出）
                            ${USAGES.export}
  import                    导入 zixun export 写出的文件：先建好缺少的栏目，再导入文章；重复导入不会产生重复
                            ${USAGES.import}
  reindex                   重建站内搜索索引（显示进度）
  ledger verify             校验积分账本（借贷平衡、余额与分录一致、无负余额）；有问题时退出码为 1
  uploads sweep             清理未使用且上传超过 24 小时的附件（--dry-run 只统计不删除；--dir 指定上传目录，默认为 ZIXUN_UPLOADS_DIR；--force 越过“数据库无文章/将删除过半附件”的保护）
  help                      显示本帮助（zixun <命令> --help 显示该命令的用法）

环境变量：
  DATABASE_URL              sqlite:路径 或 postgres://…（默认 sqlite:./data/zixun.db）
  ZIXUN_BASE_URL            网站的公开地址，用于导出和 API 中的文章网址
  ZIXUN_ALLOWED_HOSTS       未设 ZIXUN_BASE_URL 时，重设密码邮件中的链接可使用的主机名（逗号分隔）
  ZIXUN_UPLOADS_DIR         上传文件的目录（默认 ./data/uploads）；多个实例须共用同一目录（共享存储），不同网站各用各的
  ZIXUN_OUTBOX_DIR          未设 SMTP_URL 时外发邮件写入的目录（默认 ./data/outbox）
  PORT, HOST                serve 监听的端口和地址

export、token、reindex、ledger verify、uploads sweep 要求 SQLite 数据库文件已存在；serve、migrate、seed、import、user create 会在需要时新建。

退出码：0 成功；1 执行失败（或 import 有行未导入）；2 命令行用法有误
`;

const SeedArgs = z.object({
  articles: intOption('--articles ', 1, 10_000_000).optional(),
  seed: intOption('--seed ', -2_147_483_648, 2_147_483_647).optional(),
  _: z.array(z.string()).max(0, '不需要多余的参数'),
});

async function migrateCommand(config: Config, argv: string[]): Promise<void> {
  parseCommand(argv, {}, z.object({ _: z.array(z.string()).max(0, '不需要参数') }), 'zixun migrate');
  const dbh = openDatabase(config.database);
  try {
    const applied = await migrate(dbh);
    process.stdout.write(applied.length ? `已执行迁移：${applied.join('、')}\n` : '数据库已是最新结构\n');
  } finally {
    await dbh.close();
  }
}

type Command = (config: Config, argv: string[]) => Promise<void>;

/** `<noun> <verb>` commands take their verb from the first argument; a missing or unknown verb names the valid ones. */
function withVerb(noun: string, verbs: Record<string, Command>, usage: string): Command {
  return (config, argv) => {
    const [verb, ...rest] = argv;
    const run = verb === undefined ? undefined : verbs[verb];
    if (!run) {
      const valid = Object.keys(verbs).join('、');
      const what =
        verb === undefined || verb.startsWith('-') ? `zixun ${noun} 需要子命令（${valid}）` : `未知子命令：zixun ${noun} ${verb}；可用的子命令：${valid}`;
      throw new CliError(`${what}\n用法：${usage}`, USAGE);
    }
    return run(config, rest);
  };
}

/** What `zixun <command> --help` prints: the command's usage lines. */
const COMMAND_HELP: Record<string, string> = {
  serve: `${USAGES.serve}\n  启动网站（空数据库首次启动时写入演示内容；ZIXUN_DEMO=0 不写）`,
  migrate: `${USAGES.migrate}\n  把数据库升级到最新结构`,
  seed: `${USAGES.seed}\n  生成大量模拟文章，用于压测`,
  user: `${USAGES.userCreate}\n  创建会员（没有 --password-file 时在终端中输入密码）`,
  token: `${USAGES.tokenCreate}\n${USAGES.tokenList}\n${USAGES.tokenRevoke}`,
  export: `${USAGES.export}\n  导出栏目和所有未删除的文章（JSON Lines，默认写到标准输出）`,
  import: `${USAGES.import}\n  导入 zixun export 写出的文件：先建缺少的栏目，再导入文章；重复导入不会产生重复`,
  reindex: `${USAGES.reindex}\n  重建站内搜索索引`,
  ledger: `${USAGES.ledgerVerify}\n  校验积分账本；有问题时退出码为 1`,
  uploads:
    'zixun uploads sweep [--dry-run] [--force] [--dir 上传目录]\n  清理未使用且上传超过 24 小时的附件；--dry-run 只统计不删除；--force 越过保护（数据库中没有文章，或将删除过半的附件）',
};

const wantsHelp = (argv: string[]) => argv.includes('--help') || argv.includes('-h');

// Commands load their modules on demand: `serve` and `seed` pull in the whole site (and sharp), which
// `help` or `token create` should not pay for.
const COMMANDS: Record<string, Command> = {
  serve: async (config, argv) => {
    parseCommand(argv, {}, z.object({ _: z.array(z.string()).max(0, '不需要参数') }), 'zixun serve');
    const { serve } = await import('./serve.ts');
    await serve(config);
  },
  migrate: migrateCommand,
  seed: async (config, argv) => {
    const args = parseCommand(argv, { articles: { type: 'string' }, seed: { type: 'string' } }, SeedArgs, USAGES.seed);
    const { seedCommand } = await import('./seed.ts');
    await seedCommand(config, { ...(args.articles !== undefined ? { articles: args.articles } : {}), ...(args.seed !== undefined ? { seed: args.seed } : {}) });
  },
  user: withVerb('user', { create: async (c, a) => (await import('./users.ts')).userCreate(c, a) }, USAGES.userCreate),
  token: withVerb(
    'token',
    {
      create: async (c, a) => (await import('./tokens.ts')).tokenCreate(c, a),
      list: async (c, a) => (await import('./tokens.ts')).tokenList(c, a),
      revoke: async (c, a) => (await import('./tokens.ts')).tokenRevoke(c, a),
    },
    `${USAGES.tokenCreate}\n      ${USAGES.tokenList}\n      ${USAGES.tokenRevoke}`,
  ),
  export: async (c, a) => (await import('./export.ts')).exportCommand(c, a),
  import: async (c, a) => (await import('./import.ts')).importCommand(c, a),
  reindex: async (c, a) => (await import('./reindex.ts')).reindexCommand(c, a),
  ledger: withVerb('ledger', { verify: async (c, a) => (await import('./ledger.ts')).ledgerVerify(c, a) }, USAGES.ledgerVerify),
  uploads: withVerb(
    'uploads',
    { sweep: async (c, a) => (await import('./uploads.ts')).uploadsSweep(c, a) },
    'zixun uploads sweep [--dry-run] [--force] [--dir 上传目录]',
  ),
};

/** Run one command; returns the exit code instead of exiting, so pending output is flushed first. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? process.stderr : process.stdout).write(HELP);
    return name === undefined ? USAGE : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`未知命令：${name}\n运行 zixun help 查看可用命令\n`);
    return USAGE;
  }
  if (wantsHelp(rest)) {
    process.stdout.write(`用法：${COMMAND_HELP[name] ?? name}\n`);
    return 0;
  }
  try {
    await command(loadConfig(), rest);
    return 0;
  } catch (e) {
    process.stderr.write(`错误：${describeError(e)}\n`);
    return e instanceof CliError ? e.exitCode : 1;
  }
}

// A reader that closes the pipe early (`zixun export | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

process.exitCode = await main(process.argv.slice(2));
