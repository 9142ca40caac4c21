/**
 * Deterministic generator of large synthetic corpora of Chinese news text, used by
 * `zixun seed --articles 100000 --seed 42` for load tests and search benchmarks.
 *
 * Text is assembled from hand-written phrase pools (subjects, events, objects, metrics,
 * quotes, time expressions, places) with sentence templates, so it reads like plausible
 * local-news prose. All names are fictional. Same (count, seed, slugs, authors, now)
 * always yields the identical sequence; every random decision goes through one PRNG.
 */

export interface SyntheticArticle {
  title: string;
  /** 40–120 chars, or "" (about 8%) to exercise auto-summary. */
  summary: string;
  /** HTML made of <p> paragraphs only; total length 300–3000 chars. */
  body: string;
  category: string;
  tags: string[];
  author: string;
  original: boolean;
  recommendLevel: 0 | 1 | 2 | 3;
  verified: boolean;
  publishedAt: Date;
}

export interface SyntheticOptions {
  /** Anchor for publishedAt; defaults to the current time. Pass a fixed date for reproducible dates. */
  now?: Date;
  /** How far back articles go; defaults to 730 days (two years). */
  spanDays?: number;
}

/** mulberry32: tiny, fast, good enough for content generation. Returns floats in [0, 1). */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// Phrase pools. Strings may contain {placeholders}; see Writer.fill().
// ---------------------------------------------------------------------------------------------

interface Metric {
  name: string;
  unit: string;
  min: number;
  max: number;
  decimals: number;
}

interface Topic {
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

const m = (name: string, unit: string, min: number, max: number, decimals = 0): Metric => ({ name, unit, min, max, decimals });

const PLACES = [
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

const TIMES = [
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

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余杜叶程魏苏吕丁任沈姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武洪莫孔汤向常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝'.split(
    '',
  );
const GIVEN =
  '建国伟强军磊洋勇杰涛明超秀英华慧巧美娜静丽敏燕艳芳玲婷雪琳晶颖欣怡佳宇浩然子轩梓涵晨阳志鹏文博思远俊杰嘉怡雨桐一鸣立诚晓东海燕春梅秋云德明桂兰国庆红霞晓雨'.split(
    '',
  );

const GENERAL: Topic = {
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

const TOPICS: Record<string, Topic> = {
  local: {
    tags: ['青川', '城市更新', '城市建设', '民生', '乡村振兴', '生态环境'],
    subjects: ['青川市住建局', '市城管局', '市园林局', '市生态环境局', '东湖区政府', '西岭区住建局', '青川城投集团'],
    events: [
      '启动青川江沿岸综合整治二期工程',
      '完成12条背街小巷的提升改造',
      '新建口袋公园{n}个',
      '发布城市绿道建设三年行动方案',
      '对老城区雨污分流管网进行改造',
      '开展城市“微更新”试点',
      '启动滨江湿地生态修复工程',
      '公布首批“美丽街区”名单',
    ],
    objects: ['青川江沿岸综合整治工程', '老城区雨污分流改造', '城市绿道网络', '口袋公园建设', '江口湿地生态修复项目', '背街小巷提升工程'],
    metrics: [
      m('空气质量优良天数比例', '%', 78, 96, 1),
      m('新增城市绿地面积', '万平方米', 5, 120, 1),
      m('PM2.5平均浓度', '微克/立方米', 18, 42),
      m('城市建成区绿化覆盖率', '%', 38, 46, 1),
    ],
    roles: ['市民', '项目负责人', '施工单位负责人', '附近居民', '社区工作人员', '环卫工人'],
    quotes: [
      '以前这里一下雨就积水，现在路面平整了，出门方便多了',
      '施工期间给大家带来了一些不便，我们尽量压缩工期',
      '家门口多了个小公园，晚饭后终于有地方散步了',
      '改造不是推倒重来，而是尽量保留老街的味道',
      '江水清了，白鹭也回来了，这是最直观的变化',
    ],
    scenes: [
      '施工围挡内，挖掘机和运输车辆来回穿梭',
      '新铺设的透水步道两侧，工人正在补植樟树和桂花',
      '改造后的街巷干净整洁，墙面绘上了青川老城的风景',
      '江边步道上，晨练的市民三三两两',
    ],
    plans: ['把更多闲置地块改造成口袋公园和运动场地', '在年底前完成剩余路段的管网改造', '持续推进江河湖库生态修复，打造城市滨水空间'],
    analyses: ['城市更新正从“大拆大建”转向“绣花式”微改造', '生态修复的成效需要长期监测和维护', '老城区改造的关键在于平衡居民意愿与公共利益'],
  },
  traffic: {
    tags: ['交通', '地铁', '公交', '出行提示', '城市建设', '高速公路'],
    subjects: ['青川地铁集团', '市交通运输局', '市交警支队', '青川公交集团', '市公路事业发展中心', '高速公路管理处'],
    events: [
      '启动地铁{n2}号线二期工程建设',
      '发布新一轮公交线网优化方案',
      '开通{n}条定制公交线路',
      '对绕城高速部分路段实施限速调整',
      '在主城区新增智能信号灯{big}套',
      '启用全新的“青川出行”App',
      '开展电动自行车交通安全专项整治',
      '调整早晚高峰地铁行车间隔',
    ],
    objects: ['地铁{n2}号线', '绕城高速改扩建工程', '公交线网优化', '智能交通信号系统', '城市快速路网', '共享单车停放管理'],
    metrics: [
      m('地铁日均客流', '万人次', 30, 260, 1),
      m('公交准点率', '%', 82, 98, 1),
      m('主干道高峰平均车速', 'km/h', 18, 42, 1),
      m('新能源公交车占比', '%', 60, 100, 1),
    ],
    roles: ['乘客', '公交司机', '交警', '通勤族', '出租车司机', '项目总工程师'],
    quotes: [
      '现在坐地铁上班，单程能节省二十多分钟',
      '信号灯变“聪明”了，早高峰等红灯的时间明显短了',
      '限速提高以后，路上车流反而更顺畅了',
      '希望末班车能再晚一点，加班的人就方便了',
      '电动车一定要戴头盔，这不是做给交警看的',
    ],
    scenes: [
      '早高峰时段，站台上的乘客秩序井然地排队候车',
      '路口的电子屏实时显示着各方向的车流量',
      '交警正在路口引导车辆有序通行',
      '新开通的车站里，志愿者正在为乘客指引换乘路线',
    ],
    plans: ['加密高峰时段班次，最小行车间隔压缩至{n2}分钟以内', '推动地铁与公交“一票换乘”', '对事故多发路段进行集中治理'],
    analyses: ['轨道交通成网后，城市通勤格局将发生明显变化', '限速调整应建立在充分的安全评估基础上', '公交要与地铁错位发展，做好“最后一公里”接驳'],
  },
  life: {
    tags: ['民生', '老旧小区', '社区食堂', '养老', '加装电梯', '物业管理', '用电'],
    subjects: ['市民政局', '社区居委会', '街道办事处', '供电公司', '自来水公司', '燃气公司', '市住房保障中心'],
    events: [
      '启动{n}个老旧小区改造项目',
      '开设第{n}家社区食堂',
      '推出居家养老上门服务',
      '完成{big}户燃气管道安全改造',
      '为{n}个小区加装电梯',
      '开展夏季用电安全入户检查',
      '启用社区“一站式”便民服务中心',
    ],
    objects: ['老旧小区改造', '社区食堂', '居家养老服务', '加装电梯工作', '燃气管道更新改造', '社区便民服务中心'],
    metrics: [
      m('社区食堂日均就餐人次', '人次', 200, 3000),
      m('加装电梯完工数量', '部', 10, 260),
      m('居家养老服务覆盖率', '%', 40, 95, 1),
      m('最高用电负荷', '万千瓦', 300, 900),
    ],
    roles: ['居民', '退休老人', '社区书记', '物业经理', '志愿者', '独居老人'],
    quotes: [
      '十二块钱两荤一素，比自己在家做饭还划算',
      '电梯装好以后，我终于能天天下楼晒太阳了',
      '小区改造前大家意见不一，开了十几次协商会才定下来',
      '有什么事给社区打个电话，很快就有人上门',
      '管道换了新的，家里人住着也放心',
    ],
    scenes: [
      '食堂窗口前排起了长队，不少是附近的老人',
      '施工人员正在楼道里安装电梯井道',
      '社区活动室里，老人们在下棋、唱歌',
      '工作人员挨家挨户检查燃气管道和报警器',
    ],
    plans: ['把社区食堂向周边小区延伸，为行动不便的老人提供送餐服务', '将更多小区纳入改造计划', '建立加装电梯“一站式”审批通道'],
    analyses: ['社区服务要从“有没有”向“好不好”转变', '老旧小区改造最难的是凝聚居民共识', '人口老龄化加快，居家社区养老需求持续增长'],
  },
  china: {
    tags: ['国内', '消费', '以旧换新', '政务服务', '防汛', '天气'],
    subjects: ['多个省份', '各地商务部门', '气象部门', '多地教育部门', '有关部门', '多地医保部门'],
    events: [
      '陆续追加消费品以旧换新补贴资金',
      '发布新一批“跨省通办”事项',
      '启动防汛应急响应',
      '推出促进文旅消费的系列举措',
      '扩大异地就医直接结算范围',
      '开展食品安全专项抽检',
    ],
    objects: ['以旧换新政策', '“跨省通办”服务', '异地就医直接结算', '防汛备汛工作', '消费券发放', '农村物流体系建设'],
    metrics: [
      m('家电零售额', '亿元', 50, 900, 1),
      m('异地就医结算人次', '万人次', 10, 800, 1),
      m('累计降雨量', '毫米', 50, 320),
      m('网上零售额增速', '%', 3, 18, 1),
    ],
    roles: ['消费者', '业内人士', '专家', '商户', '基层干部', '返乡创业青年'],
    quotes: [
      '补贴力度不小，本来打算明年换的冰箱提前换了',
      '以前异地报销要攒一堆单据，现在出院直接结算',
      '政策红利正在转化为实实在在的消费',
      '农村快递进村以后，土特产卖得更远了',
    ],
    scenes: ['商场家电区人头攒动，不少顾客在咨询补贴细则', '政务服务中心的专窗前，工作人员正在耐心解答', '抢险队伍在堤坝上加固沙袋'],
    plans: ['扩大补贴品类范围，简化申领流程', '推动更多高频事项“跨省通办”', '加强预警信息发布，提前转移危险区域群众'],
    analyses: ['促消费政策对大宗商品消费的带动作用较为明显', '政务服务“跨省通办”降低了群众办事成本', '极端天气频发，对城乡防灾能力提出更高要求'],
  },
  world: {
    tags: ['国际', '气候变化', '外贸', '航运', '城市合作', '能源'],
    subjects: ['岛国瓦卢纳政府', '北方港城艾斯堡', '海滨城市玛雷港', '环太平洋城市论坛', '多家国际班轮公司', '南方国家联盟'],
    events: [
      '宣布启动海岸防护工程',
      '举行新一届议会选举',
      '签署港口物流合作备忘录',
      '发布年度气候风险报告',
      '下调多条航线的运价',
      '召开区域经贸合作部长级会议',
    ],
    objects: ['国际集装箱运价指数', '海岸防护工程', '区域贸易协定', '跨境电商物流网络', '可再生能源项目', '国际航线网络'],
    metrics: [
      m('集装箱吞吐量', '万标准箱', 50, 2800, 1),
      m('运价指数', '点', 900, 3600),
      m('可再生能源发电占比', '%', 15, 65, 1),
      m('双边贸易额', '亿美元', 5, 300, 1),
    ],
    roles: ['分析人士', '当地居民', '航运公司高管', '外贸企业负责人', '气候学者', '代表团成员'],
    quotes: [
      '海平面上升不是遥远的预测，而是我们每天面对的现实',
      '运价回落让出口企业松了一口气',
      '城市之间的合作往往比想象中更务实',
      '绿色转型需要资金，也需要技术和耐心',
    ],
    scenes: ['港口码头上，龙门吊正在装卸集装箱', '会场外，来自各国的代表在交流合作意向', '海边的防浪堤上，工人正在浇筑混凝土'],
    plans: ['推动开通更多直达航线', '在职业教育和文旅领域深化合作', '争取更多国际气候资金支持'],
    analyses: ['全球供应链仍处在调整之中，运价波动可能加剧', '小岛屿国家面临的气候风险正在上升', '城市间合作正成为国际交流的重要补充'],
  },
  finance: {
    tags: ['财经', '经济数据', '制造业', '外贸', '消费', '银行', '跨境电商'],
    subjects: ['青川市统计局', '青川农商银行', '市金融办', '青川海关', '人民银行青川分行', '市工商联'],
    events: [
      '发布上半年经济运行数据',
      '推出面向小微企业的“信用快贷”产品',
      '召开稳外贸稳外资座谈会',
      '设立规模{yi}的产业引导基金',
      '下调部分存款产品利率',
      '举办跨境电商对接大会',
    ],
    objects: ['先进制造业集群', '普惠小微贷款', '跨境电商综合试验区', '产业引导基金', '消费市场', '外贸进出口'],
    metrics: [
      m('地区生产总值（GDP）', '亿元', 800, 3600, 1),
      m('规上工业增加值增速', '%', 2, 12, 1),
      m('社会消费品零售总额', '亿元', 300, 1600, 1),
      m('进出口总额', '亿元', 100, 900, 1),
      m('居民消费价格（CPI）涨幅', '%', 0.1, 2.5, 1),
      m('普惠小微贷款余额', '亿元', 80, 900, 1),
    ],
    roles: ['企业负责人', '银行客户经理', '经济学者', '外贸业务员', '个体商户', '财务总监'],
    quotes: [
      '订单排到了下个季度，产线一直在满负荷运转',
      '贷款从申请到放款不到一天，解了燃眉之急',
      '自主品牌的利润率比代工高出不少',
      '消费在恢复，但大家花钱更理性了',
      '今年最大的感受是融资成本降下来了',
    ],
    scenes: ['车间里，自动化产线正在有条不紊地运转', '银行网点里，客户经理正在为商户讲解贷款政策', '展会现场，采购商与企业代表洽谈合作'],
    plans: ['加大对中小微企业的信贷支持力度', '培育更多“专精特新”企业', '推动外贸企业开拓新兴市场'],
    analyses: ['工业和外贸是拉动经济增长的主要力量', '消费复苏呈现温和、分化的特点', '降低融资成本有助于稳定企业预期'],
  },
  stock: {
    tags: ['股市', 'IPO', '基金', '理财', '上市公司', '新能源汽车'],
    subjects: ['恒科电子', '蓝鲸电池', '青川汽车', '云帆科技', '青川港务', '江南钢构'],
    events: ['发布上半年业绩预告', '在创业板挂牌上市', '宣布回购不超过{yi}的公司股份', '公布新一轮股权激励计划', '拟定增募资用于扩建产能', '举行年度股东大会'],
    objects: ['新能源板块', '本地上市公司', '宽基指数ETF', '电池产业链', '科技成长股', '高股息板块'],
    metrics: [m('营业收入', '亿元', 5, 260, 1), m('净利润', '亿元', 0.5, 40, 2), m('首日涨幅', '%', 20, 180, 1), m('市值', '亿元', 50, 1200)],
    roles: ['投资者', '券商分析师', '基金经理', '公司董事长', '老股民', '财经评论员'],
    quotes: ['只用闲钱投资，这是我十年炒股最大的教训', '短期波动不可避免，要看公司的长期价值', '定投最难的不是开始，而是坚持', '上市不是终点，而是新的起点'],
    scenes: ['上市仪式现场，公司高管共同敲响开市宝钟', '营业部里，几位老股民正盯着大屏讨论行情'],
    plans: ['把募集资金投向研发和产能建设', '持续提升信息披露质量', '加强投资者关系管理'],
    analyses: ['板块短期涨幅较大，需警惕回调风险', '业绩是决定股价的长期因素', '普通投资者更适合通过指数基金参与市场'],
  },
  tech: {
    tags: ['科技', '手机', '5G', '数码评测', '数据中心', '智能家居', '芯片'],
    subjects: ['恒科电子', '云帆科技', '青川通信公司', '市大数据局', '星河半导体', '青川软件园'],
    events: [
      '发布{code}旗舰手机',
      '建成{n}个5G-A示范基站',
      '推出支持Wi-Fi 7的家用路由器',
      '投用浸没式液冷数据中心',
      '发布自研{code}芯片',
      '上线“i青川”App新版本',
    ],
    objects: ['{code}折叠屏手机', '5G网络', '液冷数据中心', 'Wi-Fi 7路由器', '城市算力平台', '智能家居生态'],
    metrics: [
      m('5G基站数量', '个', 3000, 20000),
      m('数据中心PUE', '', 1.1, 1.45, 2),
      m('电池容量', 'mAh', 4500, 6500),
      m('软件业务收入', '亿元', 20, 600, 1),
      m('家庭千兆宽带用户', '万户', 5, 120, 1),
    ],
    roles: ['工程师', '数码博主', '产品经理', '用户', '技术总监', '研发人员'],
    quotes: [
      '续航比上一代明显提升，一天一充完全够用',
      '液冷技术让单机柜功率密度提高了好几倍',
      '路由器放的位置，比换什么路由器都重要',
      '我们的目标是让中小企业用得起算力',
      '折痕比上一代浅了很多，日常基本注意不到',
    ],
    scenes: ['发布会现场，不少用户排队体验新品', '机房里，一排排服务器浸泡在冷却液中安静运行', '展台前，工作人员正在演示手机的卫星通话功能'],
    plans: ['推动5G网络向行政村和工业园区延伸', '建设面向中小企业的公共算力平台', '加大芯片和操作系统的研发投入'],
    analyses: ['折叠屏手机价格下探，有望进一步走向大众市场', '算力正在成为城市新型基础设施', '数据安全是数字化转型必须守住的底线'],
  },
  ai: {
    tags: ['人工智能', '大模型', 'AI', '反诈', '网络安全', '就业', '政务服务'],
    subjects: ['市大数据局', '云帆科技', '青川三中', '市公安局反诈中心', '青川职业技术学院', '市人社局'],
    events: [
      '上线政务服务大模型“青小智”',
      '发布AI辅助教学试点方案',
      '破获一起AI换脸诈骗案',
      '开设人工智能训练师培训班',
      '推出面向中小企业的AI客服产品',
      '发布大模型应用安全指引',
    ],
    objects: ['政务大模型', 'AI辅助教学', '反诈宣传', '人工智能训练师培训', '智能客服', '大模型应用'],
    metrics: [
      m('AI相关岗位招聘需求增幅', '%', 30, 220, 1),
      m('大模型日均调用量', '万次', 5, 900, 1),
      m('智能客服问题解决率', '%', 70, 96, 1),
      m('涉AI诈骗案件涉案金额', '万元', 10, 500, 1),
    ],
    roles: ['民警', '语文教师', '人工智能训练师', '算法工程师', '市民', '学生'],
    quotes: [
      'AI最有价值的地方，不是给答案，而是不停追问',
      '凡是视频里提到借钱转账的，一定要再核实一遍',
      '大模型要进入各行各业，需要懂行的人来教它',
      '它回答得很快，而且每条都能查到出处',
      '会提问，可能比会回答更重要',
    ],
    scenes: ['课堂上，学生们正拿着AI的修改意见和老师讨论', '反诈中心的大屏上滚动显示着预警信息', '培训教室里，学员们在给大模型的回答逐条打分'],
    plans: ['持续优化大模型回答的准确率', '开展“AI反诈”进社区宣传活动', '把AI训练师纳入职业技能补贴目录'],
    analyses: ['AI应用正从“尝鲜”走向“好用”', '技术滥用带来的新型诈骗需要引起警惕', '人机协作将成为很多岗位的新常态'],
  },
  auto: {
    tags: ['汽车', '车展', '试驾', 'SUV', '汽车消费', '用车常识', '二手车'],
    subjects: ['青川汽车', '青川国际车展组委会', '市商务局', '多家4S店', '二手车交易市场', '市车管所'],
    events: [
      '发布全新中型SUV{code}',
      '举办第{n2}届汽车消费节',
      '推出汽车置换更新补贴',
      '上线二手车异地交易登记服务',
      '开展夏季免费车辆检测活动',
      '发布智能驾驶安全使用提示',
    ],
    objects: ['{code}车型', '汽车置换补贴', '二手车交易', '城市NOA功能', '青川国际车展', '车辆年检'],
    metrics: [
      m('汽车零售量', '万辆', 0.5, 12, 2),
      m('二手车交易量', '辆', 2000, 40000),
      m('百公里油耗', 'L', 4.5, 9.8, 1),
      m('车展成交订单', '台', 1000, 20000),
    ],
    roles: ['车主', '4S店销售顾问', '试驾编辑', '二手车商', '汽车维修技师', '准车主'],
    quotes: [
      '市区通勤几乎全程用电，开起来很省心',
      '车速到{kmh}时风噪有点明显',
      '补贴叠加厂家优惠，算下来便宜了两万多',
      '买车前一定要去试驾，光看参数是不够的',
      '暴晒一小时，车里能到{hot}以上，千万别把孩子留在车上',
    ],
    scenes: ['展台前人头攒动，不少观众坐进新车体验', '试驾场地上，工作人员正在演示自动泊车功能', '二手车市场里，车商正在给客户讲解车况'],
    plans: ['延长汽车消费补贴政策实施期限', '规范二手车交易市场秩序', '在更多路段开放智能网联汽车测试'],
    analyses: ['汽车消费正向品质化、智能化升级', '价格战之下，消费者更看重售后和保值率', '补贴政策对释放置换需求作用明显'],
  },
  ev: {
    tags: ['新能源汽车', '充电', '电池', '续航', '充电桩', '汽车消费'],
    subjects: ['蓝鲸电池', '青川汽车', '青川供电公司', '新能源车友会', '市发改委', '充电运营企业'],
    events: [
      '投产年产能{n}GWh的电池基地',
      '新建公共充电站{n}座',
      '开展纯电车冬季续航实测',
      '推出家用充电桩安装补贴',
      '发布{kwh}电池包新品',
      '启动新能源汽车下乡活动',
    ],
    objects: ['纯电车冬季续航', '公共充电网络', '动力电池产业链', '家用充电桩', '换电站', '新能源汽车下乡活动'],
    metrics: [
      m('新能源汽车产量', '万辆', 1, 30, 1),
      m('公共充电桩数量', '个', 2000, 30000),
      m('续航达成率', '%', 48, 78),
      m('新能源汽车渗透率', '%', 25, 60, 1),
      m('谷电价格', '元/度', 0.25, 0.4, 2),
    ],
    roles: ['电车车主', '充电站运营人员', '电池工程师', '车友会会长', '种植大户', '网约车司机'],
    quotes: [
      '在家充电，一公里的电费不到一毛钱',
      '冬天跑高速，我按官方续航打六折来规划',
      '乡镇也有快充了，出门不再有续航焦虑',
      '每1.5秒就有一颗电芯下线',
      '保值率是我买电车时最纠结的问题',
    ],
    scenes: ['充电站里，几辆网约车正在排队补电', '电池车间里，机械臂正在进行电芯卷绕', '测试车辆在零下的清晨依次出发'],
    plans: ['实现“乡乡有快充、村村可充电”', '推动电池回收利用体系建设', '在高速服务区增设大功率超充桩'],
    analyses: ['热泵空调能明显改善电动车的冬季续航表现', '充电设施建设要与车辆增长相匹配', '本地电池产能投产将完善新能源汽车产业链'],
  },
  house: {
    tags: ['楼市', '房贷', '公积金', '租房', '新房', '二手房', '装修'],
    subjects: ['市住建局', '市公积金中心', '市房地产交易中心', '多家房企', '住房租赁企业', '市不动产登记中心'],
    events: [
      '发布促进房地产市场平稳健康发展的若干措施',
      '将公积金贷款最高额度提高至{n2}0万元',
      '公布上月新房成交数据',
      '推出保障性租赁住房{big}套',
      '上线住房租赁合同网签备案服务',
      '试点“带押过户”业务',
    ],
    objects: ['楼市新政', '公积金贷款', '保障性租赁住房', '改善型住房需求', '二手房市场', '“好房子”建设'],
    metrics: [
      m('新建商品住宅成交', '套', 800, 6000),
      m('成交均价', '元/平方米', 8000, 26000),
      m('首套房贷利率', '%', 3.0, 4.2, 2),
      m('二手住宅成交', '套', 1000, 7000),
      m('租金环比变化', '%', -2, 2, 1),
    ],
    roles: ['购房者', '置业顾问', '房产中介', '租客', '业内人士', '装修业主'],
    quotes: [
      '首付降下来以后，压力小了很多',
      '这次是卖了老房子换大房子，主要为了孩子上学',
      '签租房合同前一定要核实房东身份',
      '老房翻新，水电一定要全部换掉',
      '现在买房更看重小区品质和物业服务',
    ],
    scenes: ['售楼处里，置业顾问正忙着接听咨询电话', '样板间前，不少家庭在仔细查看户型', '中介门店的橱窗里贴满了房源信息'],
    plans: ['加快保障性住房建设和供给', '推进“以旧换新”购房支持政策', '规范住房租赁市场秩序'],
    analyses: ['政策效应释放需要一个过程，市场有望逐步企稳', '改善型需求正成为新房市场的主力', '二手房挂牌量增加，买方议价空间扩大'],
  },
  edu: {
    tags: ['教育', '高考', '志愿填报', '学前教育', '双减', '家庭教育', '职业教育'],
    subjects: ['市教育局', '市教育考试院', '青川一中', '青川职业技术学院', '东湖区教育局', '多所中小学'],
    events: [
      '公布今年高考考点和护考安排',
      '新增公办幼儿园学位{big}个',
      '发布义务教育招生入学政策',
      '开展高考志愿填报公益讲座',
      '启动课后服务提质行动',
      '新开设智能制造等{n}个专业',
    ],
    objects: ['高考志愿填报', '公办幼儿园学位', '课后服务', '义务教育招生', '职业教育', '中小学体育课'],
    metrics: [m('高考报名人数', '人', 15000, 40000), m('新增学位', '个', 300, 6000), m('课后服务参与率', '%', 75, 98, 1), m('毕业生就业率', '%', 88, 98, 1)],
    roles: ['家长', '班主任', '升学指导老师', '高三学生', '校长', '幼儿园园长'],
    quotes: [
      '不求考多好，正常发挥就行',
      '志愿填报要看位次，不能只看分数',
      '周末不是用来补差距的，而是让孩子找到自己喜欢什么',
      '专业决定了未来四年学什么，一定要慎重',
      '孩子放学后在学校参加社团，我们接送也方便了',
    ],
    scenes: ['考点外，家长们隔着警戒线目送孩子进场', '讲座现场座无虚席，不少家长拿着笔记本认真记录', '新建的幼儿园里，老师正在布置教室'],
    plans: ['继续扩大普惠性学前教育资源', '推进优质教育资源均衡配置', '加强学生心理健康教育'],
    analyses: ['填报志愿要兼顾兴趣、能力和就业前景', '“双减”之后，家庭教育的重要性更加凸显', '职业教育与产业需求对接越来越紧密'],
  },
  health: {
    tags: ['健康', '流感', '疫苗', '互联网医疗', '中暑', '健康提示', '运动损伤'],
    subjects: ['青川市人民医院', '市疾控中心', '市卫健委', '社区卫生服务中心', '市中医院', '市医保局'],
    events: [
      '开通互联网医院线上复诊服务',
      '发布流感防控健康提示',
      '启动免费两癌筛查项目',
      '新增{n}个家庭医生签约团队',
      '开设夜间门诊和周末门诊',
      '将{n}种药品纳入门诊慢性病报销范围',
    ],
    objects: ['流感疫苗接种', '互联网医院', '家庭医生签约服务', '慢性病管理', '夜间门诊', '急救知识培训'],
    metrics: [
      m('流感样病例就诊比例', '%', 2, 9, 1),
      m('家庭医生签约率', '%', 40, 85, 1),
      m('互联网医院日均问诊量', '人次', 300, 6000),
      m('门诊量', '万人次', 1, 30, 1),
    ],
    roles: ['医生', '护士长', '患者', '疾控专家', '社区居民', '药剂师'],
    quotes: [
      '出现高热不退要及时就医，不要硬扛',
      '在家动动手机就能复诊开药，太方便了',
      '跑量要循序渐进，每周增加不要超过10%',
      '老人和孩子是重点人群，疫苗越早接种越好',
      '气温超过{hot}时，尽量避免午后外出',
    ],
    scenes: ['门诊大厅里，导诊护士正在帮助老人使用自助机', '接种点外排起了队，不少是带孩子的家长', '急救培训课上，市民们正在练习心肺复苏'],
    plans: ['扩大互联网医院服务科室范围', '推进优质医疗资源向基层下沉', '加强传染病监测预警'],
    analyses: ['慢性病管理需要医院与社区协同', '科学运动比盲目加量更重要', '季节交替时呼吸道疾病容易高发'],
  },
  sports: {
    tags: ['体育', '马拉松', '足球', '篮球', '全民健身', '城市赛事', '青川雄鹰'],
    subjects: ['青川雄鹰足球俱乐部', '市体育局', '青川马拉松组委会', '青川跑步协会', '全民健身中心', '东湖区文体中心'],
    events: [
      '主场{score}战胜对手',
      '公布青川马拉松报名结果',
      '开放全民健身中心游泳馆',
      '举办第{n2}届社区篮球联赛',
      '新建{n}处社区运动场地',
      '推出学校体育场馆错时开放措施',
    ],
    objects: ['青川马拉松', '城市足球联赛', '社区篮球联赛', '全民健身中心', '学校体育场馆开放', '社区健身路径'],
    metrics: [
      m('报名人数', '人', 5000, 60000),
      m('现场观众', '人', 3000, 40000),
      m('人均体育场地面积', '平方米', 2, 3.5, 2),
      m('经常参加体育锻炼人口比例', '%', 35, 55, 1),
    ],
    roles: ['球迷', '跑者', '教练', '队长', '赛事志愿者', '健身爱好者'],
    quotes: [
      '跑到30公里最累的时候，路边的加油声让我又有劲了',
      '这场胜利对全队士气很重要',
      '打了一辈子野球，第一次拿冠军',
      '家门口有了球场，下班后就能打两场',
      '希望小伙子们继续保持这股拼劲',
    ],
    scenes: ['看台上，球迷们挥舞着围巾齐声高唱队歌', '起点处，数万名跑者整装待发', '新建的球场上，几支社区球队正在激烈对抗'],
    plans: ['新建一批社区运动场地和健身步道', '推动更多学校体育场馆向社会开放', '打造具有青川特色的品牌赛事'],
    analyses: ['城市赛事对文旅消费的带动作用明显', '全民健身设施正在向社区下沉', '青训体系是俱乐部长远发展的基础'],
  },
  travel: {
    tags: ['文旅', '蓝山', '古镇', '非遗', '露营', '周末游', '假日经济', '旅游攻略'],
    subjects: ['蓝山景区', '市文旅局', '北塘古镇', '青川博物馆', '多家旅行社', '文庙街夜市'],
    events: ['推出暑期门票半价优惠', '新增“星空夜游”项目', '举办非遗市集', '公布假期旅游接待数据', '开通景区直通车{n}条', '推出“一日游”精品线路{n}条'],
    objects: ['蓝山景区', '北塘古镇', '非遗市集', '星空夜游', '文庙街夜市', '乡村民宿'],
    metrics: [m('接待游客', '万人次', 5, 320, 1), m('旅游收入', '亿元', 0.5, 30, 1), m('民宿入住率', '%', 40, 95, 1), m('夜间消费占比', '%', 20, 45, 1)],
    roles: ['游客', '民宿老板', '非遗传承人', '导游', '营地老板', '摄影爱好者'],
    quotes: [
      '青川人不多、节奏慢，特别适合放松',
      '运气好的话，雨后能在揽云台看到云海',
      '花三十五块钱就能自己扎染一块方巾',
      '露营没有凉，只是回归到了真正喜欢的人',
      '山上昼夜温差大，晚上只有{cool}左右，记得带外套',
    ],
    scenes: ['古镇石板街上游人如织，两旁的竹编铺子生意红火', '观星台上，游客们排队用望远镜观测月亮', '夜市街灯火通明，小吃摊前排起长队'],
    plans: ['丰富夜游产品，延长游客停留时间', '推出更多文旅融合的精品线路', '加强景区限流和安全管理'],
    analyses: ['文旅消费正从“打卡式”向“体验式”转变', '夜间经济成为拉动消费的新引擎', '小众目的地凭借性价比吸引了不少年轻游客'],
  },
};

const TOPIC_KEYS = Object.keys(TOPICS);

/** Child slugs that map to a more specific pool than their first segment would. */
const SLUG_ALIASES: Record<string, string> = {
  'local-traffic': 'traffic',
  'local-life': 'life',
  'finance-stock': 'stock',
  'tech-ai': 'ai',
  'auto-ev': 'ev',
  news: 'local',
  society: 'life',
  economy: 'finance',
  it: 'tech',
  car: 'auto',
  realestate: 'house',
  education: 'edu',
  sport: 'sports',
  culture: 'travel',
  tourism: 'travel',
};

function topicFor(slug: string): Topic {
  const key = SLUG_ALIASES[slug] ?? (TOPICS[slug] ? slug : undefined);
  if (key) return TOPICS[key] ?? GENERAL;
  for (const part of slug.split('-')) {
    const k = SLUG_ALIASES[part] ?? part;
    const t = TOPICS[k];
    if (t) return t;
  }
  // Unknown slug: pick a stable topic from its hash so the category still reads coherently.
  let h = 2166136261;
  for (let i = 0; i < slug.length; i++) h = Math.imul(h ^ slug.charCodeAt(i), 16777619);
  return TOPICS[TOPIC_KEYS[(h >>> 0) % TOPIC_KEYS.length] ?? 'local'] ?? GENERAL;
}

const STAT_TIMES = ['今年以来', '上半年', '今年一季度', '上月', '前三季度', '今年前{month2}个月', '去年全年', '本月上旬', '{month}份'] as const;
const CONTINUATIONS = [
  '希望这样的好事能一直做下去',
  '总体来说，我是满意的',
  '希望相关部门多听听老百姓的意见',
  '变化是实实在在的，大家都看得到',
  '接下来就看落实得怎么样了',
  '我会推荐身边的朋友也来试试',
];
const CODE_PREFIX = ['HK', 'QC', 'YF', 'LJ', 'XH', 'ZX', 'BT', 'LS'];
const UPDOWN_UP = ['增长', '提高', '上升'];
const UPDOWN_DOWN = ['下降', '回落', '减少'];
const SOURCES_SAY = ['据介绍', '据了解', '记者从有关部门获悉', '据统计', '相关负责人介绍'];
const ANALYST = ['业内人士分析', '专家认为', '有观点认为', '受访人士指出', '分析人士表示'];
const REMINDERS = [
  '有关部门提醒，市民如有疑问可拨打12345热线咨询。',
  '具体办理流程可登录“i青川”App查询。',
  '相关部门表示，将持续关注后续进展并及时向社会公布。',
  '记者将持续关注此事进展。',
  '如发现违规行为，可通过12345热线或官方公众号反映。',
];
const CONNECTORS = ['与此同时，', '此外，', '值得注意的是，', '另一方面，', '不仅如此，', '', '', ''];

// ---------------------------------------------------------------------------------------------
// Writer: all randomness goes through one rng, so output depends only on the seed.
// ---------------------------------------------------------------------------------------------

class Writer {
  constructor(readonly rng: () => number) {}

  int(min: number, max: number): number {
    return min + Math.floor(this.rng() * (max - min + 1));
  }

  pick<T>(arr: readonly T[]): T {
    return arr[Math.floor(this.rng() * arr.length)] as T;
  }

  /** Pool strings already used in the current article (reset per article). */
  private readonly used = new Set<string>();

  reset(): void {
    this.used.clear();
  }

  /** Like p(), but avoids repeating a pool entry within one article when it can. */
  fresh(arr: readonly string[]): string {
    let s = this.pick(arr);
    for (let i = 0; i < 3 && this.used.has(s); i++) s = this.pick(arr);
    this.used.add(s);
    return this.fill(s);
  }

  /** Year-on-year style change: percentage points for % metrics, percent otherwise. */
  change(mt: Metric, prefix: string): string {
    const up = this.chance(0.7);
    const verb = this.pick(up ? UPDOWN_UP : UPDOWN_DOWN);
    return mt.unit === '%' ? `${prefix}${verb}${this.num(0.2, 8, 1)}个百分点` : `${prefix}${verb}${this.pct()}`;
  }

  chance(p: number): boolean {
    return this.rng() < p;
  }

  num(min: number, max: number, decimals: number): string {
    const v = min + this.rng() * (max - min);
    return decimals === 0 ? String(Math.round(v)) : v.toFixed(decimals);
  }

  pct(): string {
    return this.num(0.5, 35, 1) + '%';
  }

  name(): string {
    const s = this.pick(SURNAMES);
    if (this.chance(0.35)) return s + (this.chance(0.5) ? '先生' : '女士');
    return s + this.pick(GIVEN) + (this.chance(0.6) ? this.pick(GIVEN) : '');
  }

  code(): string {
    return `${this.pick(CODE_PREFIX)}-${this.int(1, 9)}${this.int(0, 9)}${this.chance(0.5) ? '0' : String(this.int(1, 9))}${this.int(0, 9)}`;
  }

  /** Expand {placeholders} in pool strings. */
  fill(s: string): string {
    if (s.indexOf('{') < 0) return s;
    return s.replace(/\{(\w+)\}/g, (_all, key: string) => {
      switch (key) {
        case 'n':
          return String(this.int(2, 30));
        case 'n2':
          return String(this.int(2, 15));
        case 'big':
          return String(this.int(120, 9800));
        case 'month':
          return `${this.int(1, 12)}月`;
        case 'month2':
          return String(this.int(2, 11));
        case 'code':
          return this.code();
        case 'yi':
          return `${this.num(0.5, 80, 1)}亿元`;
        case 'wan':
          return `${this.num(1, 60, 1)}万元`;
        case 'kmh':
          return `${this.int(6, 12) * 10}km/h`;
        case 'hot':
          return `${this.int(35, 62)}℃`;
        case 'cool':
          return `${this.int(12, 20)}℃`;
        case 'kwh':
          return `${this.int(40, 110)}kWh`;
        case 'score': {
          const a = this.int(1, 4);
          return `${a}比${this.int(0, a - 1)}`;
        }
        case 'place':
          return this.pick(PLACES);
        default:
          return key;
      }
    });
  }

  p<T extends string>(arr: readonly T[]): string {
    return this.fill(this.pick(arr));
  }

  time(): string {
    return this.fill(this.pick(TIMES));
  }

  metricValue(mt: Metric): string {
    return this.num(mt.min, mt.max, mt.decimals) + mt.unit;
  }

  /** A sentence from one of the templates, ending in Chinese punctuation. */
  sentence(t: Topic, place: string): string {
    switch (this.int(0, 13)) {
      case 0:
        return `${this.time()}，${this.p(t.subjects)}${this.fresh(t.events)}，${this.fresh(t.analyses)}。`;
      case 1:
        return `${this.pick(SOURCES_SAY)}，${this.p(t.objects)}${this.pick(PROGRESS)}，预计${this.pick(FUTURE)}。`;
      case 2: {
        const mt = this.pick(t.metrics);
        return `数据显示，${this.fill(this.pick(STAT_TIMES))}，${place}${mt.name}为${this.metricValue(mt)}，${this.change(mt, '同比')}。`;
      }
      case 3:
        return `${this.p(t.roles)}${this.name()}告诉记者：“${this.fresh(t.quotes)}。”`;
      case 4:
        return `记者在${place}看到，${this.fresh(t.scenes)}。`;
      case 5:
        return `${this.p(t.subjects)}相关负责人表示，下一步将${this.fresh(t.plans)}。`;
      case 6:
        return `${this.pick(ANALYST)}，${this.fresh(t.analyses)}。`;
      case 7:
        return `“${this.fresh(t.quotes)}，”${place}的${this.p(t.roles)}${this.name()}说，“${this.fresh(CONTINUATIONS)}。”`;
      case 8:
        return `${this.pick(CONNECTORS)}${place}还${this.fresh(t.events)}，相关工作涉及${this.p(t.objects)}等多个方面，${this.pick(['前期投入约' + this.num(0.3, 60, 1) + '亿元', '由多个部门协同推进', '计划分阶段实施', '已纳入年度重点任务'])}。`;
      case 9: {
        const mt = this.pick(t.metrics);
        return `截至${this.pick(['目前', '上月底', '6月末', '一季度末', '9月末'])}，${place}${mt.name}为${this.metricValue(mt)}，${this.change(mt, this.pick(['比去年同期', '比年初', '较上一季度']))}。`;
      }
      case 10:
        return `${this.pick(CONNECTORS)}围绕${this.p(t.objects)}，${this.p(t.subjects)}${this.pick(MEASURES)}，${this.pick(RESULTS)}。`;
      case 11:
        return `${this.p(t.tags)}话题近来受到${this.pick(['广泛', '不少市民', '网友', '业界'])}关注，不少${this.p(t.roles)}在社交平台上分享了自己的看法。`;
      case 12:
        return `${this.time()}，${place}${this.fresh(GENERAL.events)}，${this.p(t.objects)}被列为重点内容之一。`;
      default:
        return `“${this.fresh(t.quotes)}。”一位${this.p(t.roles)}这样说。`;
    }
  }

  title(t: Topic, place: string): string {
    switch (this.int(0, 7)) {
      case 0:
        return `${place}${this.p(t.events)}`;
      case 1:
        return `${this.p(t.subjects)}${this.p(t.events)}`;
      case 2: {
        const mt = this.pick(t.metrics);
        return `${this.time()}${place}${mt.name}同比${this.pick(UPDOWN_UP)}${this.pct()}`;
      }
      case 3:
        return `${this.p(t.objects)}${this.pick(PROGRESS)}`;
      case 4:
        return `${this.p(t.roles)}：${this.p(t.quotes)}`;
      case 5:
        return `${this.p(t.tags)}观察：${place}${this.p(t.objects)}迎来新变化`;
      case 6:
        return `${place}${this.p(t.events)} ${this.p(t.objects)}${this.pick(['有新进展', '再提速', '惠及更多市民', '引关注'])}`;
      default:
        return `${this.p(t.subjects)}：${this.p(t.plans)}`;
    }
  }
}

const PROGRESS = [
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
const FUTURE = ['年底前全面完成', '明年上半年取得明显成效', '下月起全面实施', '三年内实现全覆盖', '本季度末完成阶段性目标', '年内惠及更多市民'];
const MEASURES = ['出台了一系列配套措施', '组建了专门工作专班', '建立了定期通报制度', '开通了线上咨询渠道', '开展了多轮实地调研'];
const RESULTS = ['群众满意度明显提升', '各项指标稳步向好', '相关投诉量下降了三成以上', '办理时限平均缩短一半', '参与人数创下新高'];

function makeSummary(w: Writer, t: Topic, place: string): string {
  for (let i = 0; i < 4; i++) {
    let s = `${w.time()}，${place}${w.p(t.events)}。`;
    if (s.length < 40 || w.chance(0.5)) s += `${w.pick(ANALYST)}，${w.p(t.analyses)}。`;
    if (s.length >= 40 && s.length <= 120) return s;
  }
  let s = `${place}${w.p(t.events)}。`;
  while (s.length < 40) s += `${w.p(t.subjects)}表示，将${w.p(t.plans)}。`;
  return s.length <= 120 ? s : s.slice(0, 119) + '…';
}

const BODY_MIN = 300;
const BODY_MAX = 3000;

function makeBody(w: Writer, t: Topic, place: string): string {
  // Skewed towards medium-length pieces: mean around 1,300 chars.
  const target = Math.floor(BODY_MIN + 40 + (BODY_MAX - BODY_MIN - 200) * Math.pow(w.rng(), 1.6));
  const parts: string[] = [];
  let len = 0;
  // Lead: who did what, when.
  let para = `${w.time()}，${w.p(t.subjects)}${w.p(t.events)}。${w.sentence(t, place)}`;
  for (;;) {
    const sentences = w.int(2, 4);
    for (let i = 0; i < sentences; i++) {
      const s = w.sentence(t, place);
      if (len + para.length + s.length + 7 > BODY_MAX) break;
      para += s;
    }
    if (len + para.length + 7 > BODY_MAX) break; // cannot happen for the lead, kept as a guard
    parts.push('<p>', para, '</p>');
    len += para.length + 7;
    if (len >= target) break;
    para = w.chance(0.12) ? w.pick(REMINDERS) : '';
    if (para && len + para.length + 7 >= target) {
      parts.push('<p>', para, '</p>');
      len += para.length + 7;
      break;
    }
    if (len + 80 > BODY_MAX) break;
  }
  return parts.join('');
}

/**
 * Yield `count` synthetic articles. Articles come out oldest first, with publishedAt strictly
 * increasing and spread over the last `spanDays` (default 2 years) before `options.now`.
 */
export function* syntheticArticles(
  count: number,
  seed: number,
  categorySlugs: string[],
  authors: string[],
  options: SyntheticOptions = {},
): Generator<SyntheticArticle> {
  if (categorySlugs.length === 0) throw new RangeError('syntheticArticles: categorySlugs is empty');
  if (authors.length === 0) throw new RangeError('syntheticArticles: authors is empty');
  const rng = createRng(seed);
  const w = new Writer(rng);
  const nowMs = (options.now ?? new Date()).getTime();
  const spanMs = (options.spanDays ?? 730) * 86_400_000;
  const topics = categorySlugs.map(topicFor);

  for (let i = 0; i < count; i++) {
    const ci = Math.floor(rng() * categorySlugs.length);
    const category = categorySlugs[ci] as string;
    const t = topics[ci] as Topic;
    const place = w.chance(0.6) ? PLACES[0] : w.pick(PLACES);

    w.reset();
    const title = w.title(t, place);
    const summary = w.chance(0.08) ? '' : makeSummary(w, t, place);
    const body = makeBody(w, t, place);

    const tagCount = w.int(2, 4);
    const tags: string[] = [];
    for (let k = 0; k < 8 && tags.length < tagCount; k++) {
      const tag = w.pick(t.tags);
      if (!tags.includes(tag)) tags.push(tag);
    }
    if (tags.length < 2) tags.push(t === GENERAL ? '青川' : w.pick(GENERAL.tags));

    const r = rng();
    const recommendLevel: 0 | 1 | 2 | 3 = r < 0.004 ? 3 : r < 0.02 ? 2 : r < 0.08 ? 1 : 0;
    const slot = (i + 0.1 + 0.8 * rng()) / count; // non-overlapping slots keep dates increasing
    yield {
      title,
      summary,
      body,
      category,
      tags,
      author: authors[Math.floor(rng() * authors.length)] as string,
      original: rng() < 0.45,
      recommendLevel,
      verified: recommendLevel > 0 || rng() < 0.9,
      publishedAt: new Date(Math.floor(nowMs - spanMs * (1 - slot))),
    };
  }
}
