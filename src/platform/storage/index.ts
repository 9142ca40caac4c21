import fs from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/** Where uploaded and generated files live; served under /uploads/. */
export interface Storage {
  readonly root: string;
  put(key: string, data: Buffer): Promise<string>; // returns the public URL
  get(key: string): Promise<Buffer | undefined>;
  remove(key: string): Promise<void>;
}

const KEY_RE = /^[a-z0-9][a-z0-9/_.-]{0,200}$/i;

function checkKey(key: string): void {
  if (!KEY_RE.test(key) || key.includes('..')) throw new Error(`bad storage key ${key}`);
}

/**
 * True when `url` names a file this storage serves: `/uploads/` and a well-formed key (no `..`, no
 * `//`, no percent-escapes, no query), so a browser asks for exactly that file and nothing else.
 */
export function isStoredFileUrl(url: string): boolean {
  if (!url.startsWith('/uploads/')) return false;
  const key = url.slice('/uploads/'.length);
  return KEY_RE.test(key) && !key.includes('..') && !key.includes('//');
}

export function createFileStorage(root: string): Storage {
  mkdirSync(root, { recursive: true });
  return {
    root,
    async put(key, data) {
      checkKey(key);
      const file = path.join(root, key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, data);
      return `/uploads/${key}`;
    },
    async get(key) {
      checkKey(key);
      return fs.readFile(path.join(root, key)).catch(() => undefined);
    },
    async remove(key) {
      checkKey(key);
      await fs.rm(path.join(root, key), { force: true });
    },
  };
}
