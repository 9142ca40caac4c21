import { z } from 'zod';
import type { Config } from '../config.ts';
import { systemClock } from '../platform/clock.ts';
import { createMembers, MAX_TOKEN_DAYS, type ApiTokenInfo, type Members } from '../features/members/index.ts';
import type { Db } from '../platform/db/index.ts';
import { cliAudit } from './cli-audit.ts';
import { CliError, USAGE, USAGES, beijingTime, intOption, parseCommand, withDatabase } from './cli-support.ts';

const userOption = z.string({ message: '请用 --user 指定用户名' }).min(1, '请用 --user 指定用户名');

const TokenCreateArgs = z.object({
  user: userOption,
  name: z.string().min(1).max(64, '令牌名称不超过64个字符').default('cli'),
  days: intOption('--days ', 1, MAX_TOKEN_DAYS).optional(),
  _: z.array(z.string()).max(0, '不需要多余的参数'),
});

/** Tokens belong to members; the CLI names members by username. Every token command needs an existing database. */
async function withMembers<T>(config: Config, fn: (members: Members, db: Db) => Promise<T>): Promise<T> {
  return withDatabase(config, (dbh) => fn(createMembers({ db: dbh.db, clock: systemClock }), dbh.db), { mustExist: true });
}

async function memberId(members: Members, username: string): Promise<number> {
  const m = await members.byUsername(username);
  if (!m) throw new CliError(`用户不存在：${username}`);
  return m.id;
}

/** `zixun token create`: prints only the new token on stdout, so `TOKEN=$(zixun token create …)` works. */
export async function tokenCreate(config: Config, argv: string[]): Promise<void> {
  const args = parseCommand(argv, { user: { type: 'string' }, name: { type: 'string' }, days: { type: 'string' } }, TokenCreateArgs, USAGES.tokenCreate);
  const token = await withMembers(config, async (members, db) => {
    const token = await members.createToken(args.user, args.name, args.days);
    const detail = { name: args.name, ...(args.days !== undefined ? { days: args.days } : {}) };
    await cliAudit(db).record({ action: 'member.token_create', targetType: 'member', targetId: await memberId(members, args.user), detail });
    return token;
  });
  process.stdout.write(`${token}\n`);
  if (args.days !== undefined) process.stderr.write(`令牌 ${args.days} 天后失效\n`);
}

const TokenListArgs = z.object({ user: userOption, _: z.array(z.string()).max(0, '不需要多余的参数') });

const cell = (v: string | null) => (v === null ? '-' : beijingTime(v));
const expiryCell = (tok: ApiTokenInfo) => (tok.expiresAt ? `${beijingTime(tok.expiresAt)}${tok.expired ? '（已过期）' : ''}` : '永不过期');

/** `zixun token list --user U`: one tab-separated line per token, times in Beijing time like the site (never the token itself; only its hash is kept). */
export async function tokenList(config: Config, argv: string[]): Promise<void> {
  const args = parseCommand(argv, { user: { type: 'string' } }, TokenListArgs, USAGES.tokenList);
  const tokens = await withMembers(config, async (members) => members.tokens.list(await memberId(members, args.user)));
  if (!tokens.length) {
    process.stderr.write(`会员 ${args.user} 没有 API 令牌\n`);
    return;
  }
  const lines = tokens.map((tok) => [tok.id, tok.name, beijingTime(tok.createdAt), cell(tok.lastUsedAt), expiryCell(tok)].join('\t'));
  process.stdout.write(`编号\t名称\t创建时间\t最后使用\t到期时间\n${lines.join('\n')}\n`);
}

const TokenRevokeArgs = z.object({
  user: z.string().min(1, '请用 --user 指定用户名').optional(),
  all: z.boolean().default(false),
  _: z.array(z.string().regex(/^[1-9]\d{0,9}$/, '令牌编号必须是正整数')).max(1, '一次只能指定一个令牌编号'),
});

/** `zixun token revoke ID` (optionally `--user U`: only if it is U's), or `zixun token revoke --user U --all`. */
export async function tokenRevoke(config: Config, argv: string[]): Promise<void> {
  const args = parseCommand(argv, { user: { type: 'string' }, all: { type: 'boolean' } }, TokenRevokeArgs, USAGES.tokenRevoke);
  const id = args._[0] === undefined ? undefined : Number(args._[0]);
  if ((id === undefined) === !args.all || (args.all && !args.user))
    throw new CliError(`参数有误：请指定一个令牌编号，或用 --user 用户名 --all 吊销该会员的全部令牌\n用法：${USAGES.tokenRevoke}`, USAGE);
  const message = await withMembers(config, async (members, db) => {
    const owner = args.user === undefined ? undefined : await memberId(members, args.user);
    if (id === undefined) {
      const count = await members.tokens.revokeAll(owner as number);
      await cliAudit(db).record({ action: 'member.token_revoke', targetType: 'member', targetId: owner as number, detail: { all: true, count } });
      return `已吊销会员 ${args.user} 的 ${count} 个令牌`;
    }
    const tok = await members.tokens.revoke(id, owner);
    await cliAudit(db).record({ action: 'member.token_revoke', targetType: 'member', targetId: tok.memberId, detail: { tokenId: tok.id, name: tok.name } });
    return `已吊销令牌 ${tok.id}（${tok.name}）`;
  });
  process.stderr.write(`${message}\n`);
}
