import type { Db } from '../platform/db/index.ts';
import { systemClock } from '../platform/clock.ts';
import { createAudit, type AuditInput } from '../features/audit/index.ts';

/**
 * What an operator did from the command line goes into 操作日志 like the console's actions: no actor (shown
 * as 系统), `via: 'cli'` (命令行) in the detail and `cli` as the address, so a token revoked or an account
 * created on the server is as traceable as one done in the browser.
 */
export function cliAudit(db: Db): { record(e: Omit<AuditInput, 'actorId' | 'ip'>): Promise<void> } {
  const log = createAudit({ db, clock: systemClock });
  return { record: (e) => log.record({ ...e, actorId: null, ip: 'cli', detail: { ...(e.detail ?? {}), via: 'cli' } }) };
}
