import { z } from 'zod';
import type { Config } from '../config.ts';
import { systemClock } from '../platform/clock.ts';
import { createMembers, ROLES } from '../features/members/index.ts';
import { cliAudit } from './cli-audit.ts';
import { USAGES, parseCommand, withDatabase } from './cli-support.ts';
import { readPassword } from './password-input.ts';

const UserCreateArgs = z.object({
  username: z.string({ message: '请用 --username 指定用户名' }).min(1, '请用 --username 指定用户名'),
  role: z.enum(ROLES, { message: `角色必须是 ${ROLES.join('、')} 之一` }),
  'password-file': z.string().optional(),
  _: z.array(z.string()).max(0, '不需要多余的参数'),
});

/** `zixun user create`: a member with a password (from a file or typed on a terminal). */
export async function userCreate(config: Config, argv: string[]): Promise<void> {
  const args = parseCommand(
    argv,
    { username: { type: 'string' }, role: { type: 'string' }, 'password-file': { type: 'string' } },
    UserCreateArgs,
    USAGES.userCreate,
  );
  const password = await readPassword(args['password-file']);
  const member = await withDatabase(config, async (dbh) => {
    const m = await createMembers({ db: dbh.db, clock: systemClock }).create({ username: args.username, role: args.role, password });
    await cliAudit(dbh.db).record({ action: 'member.create', targetType: 'member', targetId: m.id, detail: { role: m.role } });
    return m;
  });
  process.stderr.write(`已创建会员 ${member.username}（${member.role}）\n`);
}
