import { zhCN, type StringKey } from './zh-CN.ts';

export type { StringKey };

/** The active catalogue. A zh-TW or en catalogue with the same keys can be swapped in here. */
export const t = zhCN;

export function format(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}
