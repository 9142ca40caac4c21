/** Phrase pools of the synthetic corpus (see synthetic.ts); topic pools are in synthetic.topics.ts. */

// ---------------------------------------------------------------------------------------------
// Phrase pools. Strings may contain {placeholders}; see Writer.fill().
// ---------------------------------------------------------------------------------------------

export interface Metric {
  name: string;
  unit: string;
  min: number;
  max: number;
  decimals: number;
}

export interface Topic {
  tags: readonly string[];
  /** Organisations that act: "市交通运输局". */
  subjects: readonly string[];
  /** Predicates that follow a subject or place: "启动地铁4号线二期工程建设". */
  events: readonly string[];
  /** Programmes / projects / products used as sentence subjects. */
  objects: readonly string[];
  metrics: readonly Metric[];
  /** Speaker roles: "市民", "项目负责人". */
  roles: readonly string[];
  /** Quote contents without quotation marks or final punctuation. */
  quotes: readonly string[];
  /** Scene clauses after "记者在现场看到，". */
  scenes: readonly string[];
  /** Clauses after "下一步，…将". */
  plans: readonly string[];
  /** Clauses after "业内人士分析/专家认为，". */
  analyses: readonly string[];
}

export const m = (name: string, unit: string, min: number, max: number, decimals = 0): Metric => ({ name, unit, min, max, decimals });

export const PLACES = [
  '青川市',
  '东湖区',
  '西岭区',
  '临江区',
  '青川新区',
  '北塘镇',
  '蓝山镇',
  '江口街道',
  '湖滨街道',
  '文华街道',
  '云州市',
  '南屏市',
  '白石县',
  '桐江市',
  '梧桐湾新区',
  '石门县',
  '柳溪镇',
  '鹿鸣湖片区',
] as const;

export const TIMES = [
  '近日',
  '今年以来',
  '上半年',
  '本周',
  '昨天上午',
  '今天下午',
  '截至上月底',
  '今年一季度',
  '过去三年间',
  '本月中旬',
  '{month}初',
  '{month}下旬',
  '上周末',
  '日前',
  '国庆假期期间',
  '今年前{month2}个月',
  '入夏以来',
  '春节前后',
] as const;

export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余杜叶程魏苏吕丁任沈姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武洪莫孔汤向常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝'.split(
    '',
  );
export const GIVEN =
  '建国伟强军磊洋勇杰涛明超秀英华慧巧美娜静丽敏燕艳芳玲婷雪琳晶颖欣怡佳宇浩然子轩梓涵晨阳志鹏文博思远俊杰嘉怡雨桐一鸣立诚晓东海燕春梅秋云德明桂兰国庆红霞晓雨'.split(
    '',
  );

export const GENERAL: Topic = {
  tags: ['青川', '民生', '城市发展', '基层治理', '便民服务', '营商环境'],
  subjects: ['青川市政府', '市发改委', '市住建局', '市商务局', '市统计局', '区政府', '街道办事处', '市市场监管局'],
  events: [
    '召开专题会议部署下一阶段重点工作',
    '出台优化营商环境的若干措施',
    '启动“政策进万企”专项行动',
    '发布便民服务事项清单',
    '开展为期三个月的专项检查',
    '公布一批民生实事项目进展情况',
  ],
  objects: ['“15分钟便民生活圈”建设', '“一网通办”改革', '城市更新项目', '惠企政策兑现', '基层网格化管理', '民生实事项目'],
  metrics: [m('市场主体数量', '万户', 12, 68, 1), m('政务服务事项网办率', '%', 80, 99, 1), m('民生支出', '亿元', 20, 380, 1)],
  roles: ['相关负责人', '社区书记', '市民', '企业负责人', '网格员', '个体工商户'],
  quotes: [
    '政策好不好，关键要看群众有没有获得感',
    '以前办这件事要跑好几趟，现在手机上就能搞定',
    '我们会把大家提的意见一条条梳理，能改的马上改',
    '这些变化看得见、摸得着，大家心里都有数',
    '基层的事情千头万绪，最重要的是把服务做到群众家门口',
  ],
  scenes: [
    '办事大厅里秩序井然，取号、咨询、办理各个环节衔接顺畅',
    '不少居民专程赶来咨询相关政策',
    '工作人员正在逐户上门走访、登记需求',
    '宣传展板前围满了前来了解情况的市民',
  ],
  plans: ['持续优化服务流程，推动更多事项“掌上办”“就近办”', '加大督查力度，确保各项措施落地见效', '建立常态化意见征集机制，及时回应群众关切'],
  analyses: [
    '这些举措抓住了群众和企业最关心的问题，有助于进一步稳定预期',
    '政策效果的显现需要一定时间，关键在于执行和落实',
    '提升基层治理水平，既要靠制度建设，也要靠数字化手段',
  ],
};

export const STAT_TIMES = ['今年以来', '上半年', '今年一季度', '上月', '前三季度', '今年前{month2}个月', '去年全年', '本月上旬', '{month}份'] as const;
export const CONTINUATIONS = [
  '希望这样的好事能一直做下去',
  '总体来说，我是满意的',
  '希望相关部门多听听老百姓的意见',
  '变化是实实在在的，大家都看得到',
  '接下来就看落实得怎么样了',
  '我会推荐身边的朋友也来试试',
];
export const CODE_PREFIX = ['HK', 'QC', 'YF', 'LJ', 'XH', 'ZX', 'BT', 'LS'];
export const UPDOWN_UP = ['增长', '提高', '上升'];
export const UPDOWN_DOWN = ['下降', '回落', '减少'];
export const SOURCES_SAY = ['据介绍', '据了解', '记者从有关部门获悉', '据统计', '相关负责人介绍'];
export const ANALYST = ['业内人士分析', '专家认为', '有观点认为', '受访人士指出', '分析人士表示'];
export const REMINDERS = [
  '有关部门提醒，市民如有疑问可拨打12345热线咨询。',
  '具体办理流程可登录“i青川”App查询。',
  '相关部门表示，将持续关注后续进展并及时向社会公布。',
  '记者将持续关注此事进展。',
  '如发现违规行为，可通过12345热线或官方公众号反映。',
];
export const CONNECTORS = ['与此同时，', '此外，', '值得注意的是，', '另一方面，', '不仅如此，', '', '', ''];

export const PROGRESS = [
  '进展顺利',
  '已进入收尾阶段',
  '取得阶段性成效',
  '正在加快推进',
  '已全面铺开',
  '完成年度目标任务的八成以上',
  '覆盖范围进一步扩大',
  '迎来新进展',
  '已惠及数万名市民',
];
export const FUTURE = ['年底前全面完成', '明年上半年取得明显成效', '下月起全面实施', '三年内实现全覆盖', '本季度末完成阶段性目标', '年内惠及更多市民'];
export const MEASURES = ['出台了一系列配套措施', '组建了专门工作专班', '建立了定期通报制度', '开通了线上咨询渠道', '开展了多轮实地调研'];
export const RESULTS = ['群众满意度明显提升', '各项指标稳步向好', '相关投诉量下降了三成以上', '办理时限平均缩短一半', '参与人数创下新高'];
