/** UI strings of 违禁词管理 and its 批量导入 (t.admin.*, spread into the admin catalogue). */
export const bannedWordStrings = {
  bannedWords: '违禁词',
  bannedWordsIntro:
    '投稿、评论、网站留言和友情链接申请中出现违禁词时，按“网站设置”中的处理方式暂缓发布或拒绝；注册的用户名、会员自己修改的昵称和个人简介含有违禁词时不能保存。匹配时忽略大小写、全半角以及字间插入的空格和标点。',
  word: '违禁词',
  addWord: '添加',
  addedAt: '添加时间',
  noWords: '还没有违禁词',
  deleteWord: '删除违禁词',
  deleteWordBody: '确定要删除违禁词“{word}”吗？删除后投稿、评论、留言、友情链接申请、用户名、昵称和个人简介中的这个词不再被拦截。',
  // 批量导入 (features/banned-words/banned-words.import.tsx)
  importWords: '批量导入',
  importWordsLabel: '违禁词（每行一个，或用逗号、顿号、空格分隔）',
  importWordsHint: '已存在的词会跳过；每个词不超过 64 个字符。导入的词与单个添加的词一样，按“网站设置”中的处理方式暂缓发布或拒绝。',
  importWordsButton: '导入',
  importWordsEmpty: '请粘贴要导入的违禁词',
  importWordsTooMany: '一次最多导入 {n} 个词',
  importTextTooLong: '粘贴的内容太长（最多 {n} 个字符），请分几次导入',
  importSummary: '新增 {added} 个，已有 {existing} 个，无效 {invalid} 个',
  importAdded: '新增',
  importExisting: '已有',
  importInvalid: '无效（为空、只有标点、单个英文字母或数字，或超过 64 个字符）',
  importAction: '出现这些词时：{action}',
  importResultGone: '这次导入的结果已过期或不属于当前登录（结果保留 30 分钟，只有导入的人能查看）。刷新结果页不会重复导入，请在违禁词列表中查看当前的词。',
};
