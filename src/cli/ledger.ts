import { z } from 'zod';
import type { Config } from '../config.ts';
import { migrate } from '../platform/db/index.ts';
import { verifyLedger } from '../features/points/index.ts';
import { CliError, openForCommand, parseCommand } from './cli-support.ts';

export const LEDGER_VERIFY_USAGE = 'zixun ledger verify';

/**
 * `zixun ledger verify`: checks the points ledger (every transaction sums to zero, cached balances equal
 * the sums of entries, no member balance below zero). Prints a summary; exits 1 naming each problem.
 */
export async function ledgerVerify(config: Config, argv: string[]): Promise<void> {
  parseCommand(argv, {}, z.object({ _: z.array(z.string()).max(0, '不需要参数') }), LEDGER_VERIFY_USAGE);
  const dbh = openForCommand(config, { mustExist: true });
  try {
    await migrate(dbh);
    const r = await verifyLedger(dbh.db);
    process.stdout.write(`积分账本：${r.transactions} 笔交易，${r.entries} 条分录，${r.accounts} 个账户，分录合计 ${r.total}\n`);
    if (r.problems.length) {
      process.stdout.write(r.problems.map((p) => `  ✗ ${p}\n`).join(''));
      throw new CliError(`积分账本校验未通过：发现 ${r.problems.length} 个问题`);
    }
    process.stdout.write('校验通过：每笔交易借贷平衡，账户余额与分录一致，没有会员余额为负\n');
  } finally {
    await dbh.close();
  }
}
