import type { FieldErrors } from '../platform/errors.ts';

/** Lines shown for each distinct error before the rest are only counted (unless --verbose). */
export const SHOWN_PER_REASON = 3;

/**
 * Bad lines of an import, grouped by reason: the first few of each reason are printed as they come
 * (with --verbose every one), the rest counted, and `summary()` says each reason once with its count
 * and line numbers, plus a hint when the file names categories the site does not have.
 */
export function createImportReport(opts: { verbose: boolean; write: (s: string) => void }) {
  const byReason = new Map<string, number[]>();
  const missingCategories = new Set<string>();
  let bad = 0;

  function add(line: number, fields: FieldErrors, category?: string): void {
    bad++;
    const what = Object.entries(fields)
      .map(([k, v]) => (k === '_' ? v : `${k}：${v}`))
      .join('；');
    const lines = byReason.get(what) ?? [];
    lines.push(line);
    byReason.set(what, lines);
    if (fields.category && category) missingCategories.add(category);
    if (opts.verbose || lines.length <= SHOWN_PER_REASON) opts.write(`第 ${line} 行：${what}\n`);
    else if (lines.length === SHOWN_PER_REASON + 1) opts.write(`（同样的错误不再逐行显示，最后汇总；加 --verbose 显示每一行）\n`);
  }

  const lineList = (lines: number[]) => (lines.length > 10 ? `第 ${lines.slice(0, 10).join('、')} 行等` : `第 ${lines.join('、')} 行`);

  function summary(): string {
    if (!bad) return '';
    const out = [`出错 ${bad} 行：`];
    for (const [what, lines] of byReason) out.push(`  ${what}（${lines.length} 行：${lineList(lines)}）`);
    if (missingCategories.size) {
      const slugs = [...missingCategories].slice(0, 20).join('、');
      out.push(
        `提示：本网站没有这些栏目：${slugs}${missingCategories.size > 20 ? ' 等' : ''}。` +
          '新版 zixun export 会连同栏目一起导出，导入时自动建好；旧的导出文件请先在后台“栏目管理”中建好这些栏目（别名相同），再重新导入。',
      );
    }
    return out.join('\n') + '\n';
  }

  return {
    add,
    summary,
    get bad() {
      return bad;
    },
  };
}

export type ImportReport = ReturnType<typeof createImportReport>;
