import fs from 'node:fs/promises';
import { CliError, USAGE } from './cli-support.ts';

/** Read a line from the terminal without echoing it. Ctrl-C cancels, Backspace deletes. */
export function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let buf: string[] = [];
    const finish = () => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return (finish(), resolve(buf.join('')));
        if (ch === '\u0003') return (finish(), reject(new CliError('已取消', 130)));
        if (ch === '\u007f' || ch === '\b') buf = buf.slice(0, -1);
        else if (ch >= ' ') buf.push(ch);
      }
    };
    process.stderr.write(prompt);
    stdin.setEncoding('utf8');
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/** Why a file could not be read, in Chinese (never a raw ENOENT). */
export function readFailure(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return '文件不存在';
  if (code === 'EACCES' || code === 'EPERM') return '没有读取权限';
  if (code === 'EISDIR') return '这是一个目录，不是文件';
  return '读取失败';
}

/**
 * The new member's password: from a file (first line, as written), else typed twice on a terminal.
 * Without either there is no safe way to get one, so the command refuses.
 */
export async function readPassword(file: string | undefined): Promise<string> {
  if (file !== undefined) {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      throw new CliError(`无法读取密码文件 ${file}：${readFailure(e)}`);
    }
    const password = text.replace(/\r?\n$/, '');
    if (!password.trim()) throw new CliError(`密码文件是空的：${file}（应包含一行密码）`);
    if (password.includes('\n')) throw new CliError('密码文件应只包含一行密码');
    return password;
  }
  if (!process.stdin.isTTY || typeof process.stdin.setRawMode !== 'function') {
    throw new CliError('需要密码：请用 --password-file 指定密码文件，或在终端中运行以输入密码', USAGE);
  }
  const first = await promptHidden('密码（至少8位）：');
  const again = await promptHidden('再输入一次：');
  if (first !== again) throw new CliError('两次输入的密码不一致');
  return first;
}
