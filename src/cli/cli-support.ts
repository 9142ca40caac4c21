import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { DatabaseMissingError, migrate, openDatabase, type DbHandle } from '../platform/db/index.ts';
import { isAppError } from '../platform/errors.ts';
import { zhError } from '../platform/validation.ts';

/** An error the CLI reports as a plain message; exit code 2 means the command line itself was wrong. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

export const USAGE = 2;

/** One-line usage of each command, for help and for usage errors. */
export const USAGES = {
  seed: 'zixun seed [--articles 数量] [--seed 种子]',
  userCreate: 'zixun user create --username 用户名 --role member|trusted|editor|admin [--password-file 文件]',
  tokenCreate: 'zixun token create --user 用户名 [--name 令牌名称] [--days 有效天数]',
  tokenList: 'zixun token list --user 用户名',
  tokenRevoke: 'zixun token revoke 令牌编号 | zixun token revoke --user 用户名 --all',
  export: 'zixun export [--out 文件]',
  import: 'zixun import 文件|- [--dry-run] [--verbose]',
  reindex: 'zixun reindex',
  ledgerVerify: 'zixun ledger verify',
  migrate: 'zixun migrate',
  serve: 'zixun serve',
} as const;

/** A stored UTC instant as the site shows times: Beijing time (UTC+8), `YYYY-MM-DD HH:mm`. */
export function beijingTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs' (English) complaint about the command line, said in Chinese. */
export function describeParseError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const option = /'(-{1,2}[^'\s<]+)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `未知选项：${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/argument missing/.test(message)) return `选项 ${option} 需要一个值`;
    if (/does not take an argument/.test(message)) return `选项 ${option} 不需要值`;
    if (/ambiguous/.test(message)) return `选项 ${option} 的值不能以“-”开头（确需如此时请写成 ${option}=值）`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return '不需要多余的参数';
  return '无法识别的命令行参数';
}

/** `--articles -5`: a negative number after a string option is its value, not another option. */
function joinNegativeValues(argv: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const next = argv[i + 1];
    const name = a.startsWith('--') ? a.slice(2) : '';
    if (name && options[name]?.type === 'string' && next !== undefined && /^-\d+(\.\d+)?$/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/**
 * Parse a subcommand's arguments with node:util parseArgs, then validate the values with zod.
 * Unknown options, missing values and schema failures are usage errors (exit code 2), said in Chinese.
 */
export function parseCommand<S extends z.ZodType>(argv: string[], options: Options, schema: S, usage: string): z.output<S> {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, options), options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliError(`参数有误：${describeParseError(e)}\n用法：${usage}`, USAGE);
  }
  const r = schema.safeParse({ ...parsed.values, _: parsed.positionals }, { error: zhError });
  if (!r.success) {
    const lines = r.error.issues.map((i) => {
      const key = i.path[0] === '_' ? '参数' : `--${String(i.path[0] ?? '')}`;
      return `  ${key}：${i.message}`;
    });
    throw new CliError(`参数有误：\n${lines.join('\n')}\n用法：${usage}`, USAGE);
  }
  return r.data;
}

/** A whole number given as an option string. */
export const intOption = (label: string, min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d+$/, `${label}必须是整数`)
    .transform(Number)
    .pipe(z.number().min(min, `${label}不能小于${min}`).max(max, `${label}不能大于${max}`));

/**
 * Open the configured database for a command; with `mustExist` (commands that only read or change existing
 * rows) a SQLite file that is not there is a plain error instead of a new empty database.
 */
export function openForCommand(config: Config, opts: { mustExist?: boolean } = {}): DbHandle {
  try {
    return openDatabase(config.database, { mustExist: opts.mustExist === true });
  } catch (e) {
    if (e instanceof DatabaseMissingError)
      throw new CliError(`数据库文件不存在：${e.path}\n请检查 DATABASE_URL；新建网站请先运行 zixun migrate 或 zixun serve`);
    throw e;
  }
}

/** Open the configured database, bring it up to date, run fn, and always close it (so the process can exit). */
export async function withDatabase<T>(config: Config, fn: (dbh: DbHandle) => Promise<T>, opts: { mustExist?: boolean } = {}): Promise<T> {
  const dbh = openForCommand(config, opts);
  try {
    await migrate(dbh);
    return await fn(dbh);
  } finally {
    await dbh.close();
  }
}

/** Write honouring back-pressure, so exporting a big site does not buffer it all in memory. */
export async function writeOut(stream: Writable, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

/** A message for people: AppErrors with their field messages, other errors by their message. */
export function describeError(e: unknown): string {
  if (isAppError(e)) {
    const fields = Object.entries(e.fields ?? {}).map(([k, v]) => `\n  ${k}：${v}`);
    return e.message + fields.join('');
  }
  return e instanceof Error ? e.message : String(e);
}
