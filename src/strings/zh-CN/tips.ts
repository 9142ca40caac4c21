/** UI strings of 打赏 (tips). Keep keys stable: other catalogues will mirror them. */
export const tips = {
  // The tip page
  pageTitle: '打赏作者',
  intro: '喜欢这篇文章？用积分打赏作者，表达您的支持。',
  articleLabel: '文章',
  authorLabel: '作者',
  balanceLabel: '我的积分',
  balanceValue: '{n} 积分',
  amountLabel: '打赏积分',
  presetValue: '{n} 积分',
  customOption: '自定义',
  customLabel: '自定义积分',
  customHint: '可打赏 {min} 到 {max} 积分',
  messageLabel: '留言（选填）',
  messageHint: '最多{max}个字',
  anonymousLabel: '匿名打赏（打赏记录中显示为“匿名”）',
  shareNote: '作者获得打赏积分的{pct}%（向下取整），其余归网站所有。',
  submit: '确认打赏',
  backToArticle: '返回文章',
  notEnoughHint: '您的积分不足以打赏最低金额。',
  ownArticle: '这是您自己的文章，不能给自己打赏。',

  // Errors
  formHasErrors: '打赏未成功，请检查后重试',
  errAmountRequired: '请选择或填写打赏积分',
  errAmountNotNumber: '打赏积分必须是数字',
  errAmountNotInteger: '打赏积分必须是整数',
  errAmountNotPositive: '打赏积分必须大于0',
  errAmountMin: '打赏积分不能少于{min}',
  errAmountMax: '打赏积分不能超过{max}',
  errMessageLong: '留言不能超过{max}个字',
  errMessageBanned: '留言含有违禁词（{words}），请修改后再提交',
  errSelfTip: '不能给自己的文章打赏',
  errArticleGone: '文章不存在、未发布或已删除，无法打赏',
  errInsufficient: '积分不足：您当前有 {balance} 积分，不够打赏 {amount} 积分',
  errKey: '表单已失效，请刷新页面后重试',
  errTooFrequent: '打赏过于频繁：10分钟内最多打赏{limit}次，请稍后再试',

  // After a tip
  thanks: '打赏成功！感谢您对作者的支持。',

  // 打赏记录 on the article page
  recordTitle: '打赏记录',
  recordCount: '共 {n} 次打赏',
  recordEmpty: '还没有人打赏，来做第一个支持作者的人吧',
  recordItem: '打赏了 {n} 积分',
  anonymous: '匿名',
  tipAction: '我要打赏',

  // 我的打赏 (member centre)
  myTips: '我的打赏',
  given: '我打赏的',
  received: '我收到的',
  colArticle: '文章',
  colWho: '打赏人',
  colAmount: '积分',
  colShare: '我得到',
  colTime: '时间',
  colMessage: '留言',
  noGiven: '您还没有打赏过文章。',
  noReceived: '您的文章还没有收到打赏。',
  deletedArticle: '（文章已删除）',

  // Admin settings
  settingsTitle: '打赏设置',
  settingsIntro: '设置打赏的预设金额、作者分成比例和金额上下限。作者获得 floor(金额 × 分成比例)，余数归网站收入账户。',
  presetsLabel: '预设金额',
  presetsHint: '用逗号分隔的整数，例如 10,50,100,500（最多8个）',
  shareLabel: '作者分成比例（%）',
  minLabel: '最低打赏积分',
  maxLabel: '最高打赏积分',
  save: '保存设置',
  saved: '打赏设置已保存',
  errPresets: '请填写1到8个用逗号分隔的正整数',
  errPresetRange: '预设金额必须在最低和最高积分之间',
  errShare: '分成比例必须是0到100之间的整数',
  errMin: '最低打赏积分必须是1到1000000之间的整数',
  errMax: '最高打赏积分必须是1到1000000之间的整数',
  errMinMax: '最高打赏积分不能小于最低打赏积分',

  // The ledger memo of a tip (the tipper and the author both see it in their points history)
  memo: '文章《{title}》的打赏',
} as const;
