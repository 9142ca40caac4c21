import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { migrate, openDatabase, type DbHandle } from '../platform/db/index.ts';
import { isAppError } from '../platform/errors.ts';

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
  tokenCreate: 'zixun token create --user 用户名 [--name 令牌名称]',
  export: 'zixun export [--out 文件]',
  import: 'zixun import 文件|- [--dry-run]',
  reindex: 'zixun reindex',
} as const;

const zhCN = z.locales.zhCN().localeError;

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parse a subcommand's arguments with node:util parseArgs, then validate the values with zod.
 * Unknown options, missing values and schema failures are usage errors (exit code 2).
 */
export function parseCommand<S extends z.ZodType>(argv: string[], options: Options, schema: S, usage: string): z.output<S> {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliError(`${(e as Error).message}\n用法：${usage}`, USAGE);
  }
  const r = schema.safeParse({ ...parsed.values, _: parsed.positionals }, { error: zhCN });
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

/** Open the configured database, bring it up to date, run fn, and always close it (so the process can exit). */
export async function withDatabase<T>(config: Config, fn: (dbh: DbHandle) => Promise<T>): Promise<T> {
  const dbh = openDatabase(config.database);
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
