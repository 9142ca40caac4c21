// Stop words: function words that carry no topic. Kept short on purpose: a word here can never be
// searched on its own (unless the whole query is stop words) nor suggested as a keyword. Entries are
// folded (Simplified, lowercase).
const CHINESE = `
的 地 得 了 着 过 是 在 和 与 及 或 而 并 且 也 就 都 又 还 把 被 让 给 对 向 从 自 于 以 之 其 此 这 那
个 些 么 吗 呢 吧 啊 呀 哦 嘛 么 么 没 不 无 非 有 为 为了 因为 所以 但是 但 然而 而且 并且 或者 如果 虽然
即使 因此 于是 然后 以及 及其 等 等等 之一 一个 一些 一种 一样 这个 那个 这些 那些 这样 那样 这种 那种 这里
那里 哪里 什么 怎么 怎样 如何 为何 谁 我 你 他 她 它 我们 你们 他们 她们 它们 自己 大家 咱们 本 该 各 每 某
其中 其他 其它 另外 此外 已 已经 曾 曾经 将 将要 会 能 可 可以 可能 应 应该 要 需要 必须 就是 还是 只是 只有
不是 没有 不会 不能 一直 一起 一般 非常 十分 很 太 更 最 较 比较 相当 特别 尤其 正在 仍 仍然 依然 还有 以及
关于 对于 根据 按照 通过 经过 随着 由于 由 至 到 向着 朝 沿 当 之后 以后 之前 以前 之间 之中 当中 上 下 里
中 内 外 前 后 时 时候 一 二 两 几 多 少 啦 嗯 哈 呗 罢了 而已 即 即便 便 则 乃 亦 与其 不如 以便 以免 从而
所 所有 任何 一切 全部 我的 你的 他的 她的 其实 确实 的确 也是 都是 就会 还会 也会 并不 并非 进行 表示
`;

const ENGLISH = `
a an the and or but if then else of to in on at by for with from as is are was were be been being
it its this that these those there here i me my we our you your he him his she her they them their
not no do does did done have has had having will would shall should can could may might must
so than too very just also only about into over under again further once up down out off
what which who whom whose when where why how all any both each few more most other some such own same
`;

const STOP = new Set([...CHINESE.split(/\s+/), ...ENGLISH.split(/\s+/)].filter(Boolean));
// The first code unit of every stop word, and the longest: most words are ruled out without hashing
// them for the set lookup (segmentation asks about every token it makes).
const FIRST = new Uint8Array(0x10000);
let longest = 0;
for (const w of STOP) {
  FIRST[w.charCodeAt(0)] = 1;
  longest = Math.max(longest, w.length);
}

/** Whether a folded word is a stop word (的, 了, 是, the, of …). */
export function isStopWord(w: string): boolean {
  return w.length <= longest && FIRST[w.charCodeAt(0)] === 1 && STOP.has(w);
}
