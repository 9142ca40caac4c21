import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { testDialect } from '../../test/db.ts';
import { seedDemoIfEmpty } from '../../cli/demo.ts';

/**
 * The relevance test set (issue 4 §6): queries a reader might type over the demo portal, each with
 * the article(s) a reader would expect (by title). Kinds: plain words, phrases that segment
 * differently from the text, Traditional characters, and mixed Chinese/English/number queries.
 */
type Case = { q: string; expect: string[]; kind: 'plain' | 'segmentation' | 'traditional' | 'mixed' };

const T = {
  storm: '青川遭遇入汛以来最强暴雨 全市启动防汛Ⅲ级应急响应',
  cleanup: '暴雨过后，东湖区三百多名志愿者连夜清淤',
  park: '青川江滨公园改造完工 新增3.2公里滨江步道',
  market: '西岭区老菜市场“变身”记：顶棚换了，摊位还是那些老面孔',
  festival: '北塘镇首届稻田音乐节开唱 两千多名游客走进田埂',
  metro: '地铁2号线东延段今日开通试运营 东湖到新区最快28分钟',
  flooding: '暴雨致城区多条道路积水 交警发布绕行提示',
  speed: '青川绕城高速限速调整 部分路段提高至120km/h',
  ebike: '共享电单车新规落地 不戴头盔将被记录信用分',
  lift: '临江区12个老旧小区加装电梯 按楼层分摊方案出炉',
  power: '夏季用电高峰来临 供电部门提醒空调温度设在26℃以上',
  breakfast: '我家楼下的早餐摊，开了二十年',
  canteen: '社区食堂试点满月：12元吃到两荤一素',
  tradeIn: '多地加码“以旧换新”补贴 家电消费明显回暖',
  examGuard: '多省份发布高考护考措施 考点周边禁鸣禁噪',
  services: '“跨省通办”事项再扩容 异地办事少跑腿',
  election: '岛国瓦卢纳举行大选 新政府承诺优先应对海平面上升',
  freight: '国际集装箱运价连续三周回落 外贸企业“运费焦虑”缓解',
  heatwave: '欧洲多地遭遇热浪 部分地区气温突破40℃',
  forum: '第十届环太平洋城市论坛闭幕 青川代表团签署三项合作协议',
  gdp: '上半年青川GDP同比增长5.6% 先进制造业成“主引擎”',
  loan: '青川农商银行推出“新市民贷” 最高额度30万元',
  reverse: '年轻人开始“反向消费”？我和10位90后聊了聊',
  ecommerce: '本地外贸企业订单回暖 跨境电商成新增长点',
  ipo: '恒科电子登陆创业板 首日收涨86%',
  battery: '新能源板块午后拉升 电池股集体走强',
  etf: '一个老股民的十年：从追涨杀跌到定投ETF',
  fold: '恒科电子发布HK-3001折叠屏手机 售价6999元起',
  iphone: 'iPhone 17到手一周体验：续航进步明显，散热仍需观察',
  g5: '青川5G基站突破1.2万个 重点区域实现连续覆盖',
  dc: '云帆科技建成液冷数据中心 PUE降至1.15',
  wifi: 'Wi-Fi 7路由器值不值得买？一篇讲清楚',
  govAi: '青川首个政务大模型上线 “青小智”办事咨询秒回',
  classroom: 'AI大模型走进高中课堂：一位语文老师的一学期实验',
  trainer: '“人工智能训练师”成热门新职业 月薪可达1.5万元',
  deepfake: '警惕AI换脸诈骗！市民接到“亲戚”视频电话被骗8万元',
  autoShow: '第十五届青川国际车展开幕 百余款新车亮相',
  qc7: '试驾青川汽车蓝鲸QC7增程版：城市通勤省心，高速略显吵闹',
  carHeat: '夏季用车提醒：暴晒后车内温度可超60℃',
  usedCar: '青川二手车置换补贴最高2万元 报废旧车另有奖励',
  evVillage: '新能源汽车下乡走进北塘镇 充电桩同步进村',
  winter: '冬季续航打几折？我们实测了5款纯电车',
  gwh: '蓝鲸电池青川基地一期投产 年产能20GWh',
  evCost: '开了三年电车，算算我的真实用车成本',
  housing: '青川发布楼市新政：首套房首付比例降至15%',
  newHomes: '7月青川新房成交环比上涨12% 改善型需求释放',
  renting: '租房避坑指南：签合同前一定要看这几点',
  renovation: '老房翻新三个月，我踩过的坑和省下的钱',
  gaokaoDay: '青川高考首日平稳有序 2.6万余名考生走进考场',
  volunteer: '高考志愿填报，这五个误区一定要避开',
  kinder: '青川新增3所公办幼儿园 秋季学位增加1080个',
  weekend: '“双减”之后，孩子的周末去哪儿了',
  flu: '流感进入高发期 专家提醒重点人群尽早接种疫苗',
  heatstroke: '高温天气如何预防中暑？记住这几条',
  hospital: '青川市人民医院开通互联网医院 复诊可线上开药送到家',
  knee: '一个夜跑爱好者的膝盖自述',
  marathon: '青川马拉松鸣枪开跑 2万名跑者穿越青川江畔',
  football: '青川雄鹰主场3比1逆转 终结三轮不胜',
  pool: '全民健身中心下月开放 游泳馆单次票价20元',
  basketball: '社区篮球联赛决赛落幕 湖滨队加时险胜夺冠',
  stars: '蓝山景区暑期门票半价 新增“星空夜游”项目',
  heritage: '北塘古镇非遗市集周末开市',
  holiday: '国庆假期青川接待游客超300万人次 夜间消费成亮点',
  camping: '露营热降温了吗？蓝山脚下营地老板说出真心话',
} as const;

const CASES: Case[] = [
  { q: '暴雨 防汛', expect: [T.storm], kind: 'plain' },
  { q: '志愿者清淤', expect: [T.cleanup], kind: 'segmentation' },
  { q: '滨江步道', expect: [T.park], kind: 'plain' },
  { q: '老菜市场', expect: [T.market], kind: 'segmentation' },
  { q: '稻田音乐节', expect: [T.festival], kind: 'segmentation' },
  { q: '地铁2号线', expect: [T.metro], kind: 'mixed' },
  { q: '道路积水 绕行', expect: [T.flooding], kind: 'plain' },
  { q: '绕城高速限速', expect: [T.speed], kind: 'segmentation' },
  { q: '头盔 信用分', expect: [T.ebike], kind: 'plain' },
  { q: '加装电梯', expect: [T.lift], kind: 'plain' },
  { q: '早餐摊', expect: [T.breakfast], kind: 'plain' },
  { q: '社区食堂', expect: [T.canteen], kind: 'plain' },
  { q: '以旧换新 家电', expect: [T.tradeIn], kind: 'plain' },
  { q: '跨省通办', expect: [T.services], kind: 'plain' },
  { q: '海平面上升', expect: [T.election], kind: 'segmentation' },
  { q: '集装箱运价', expect: [T.freight], kind: 'segmentation' },
  { q: '欧洲热浪', expect: [T.heatwave], kind: 'segmentation' },
  { q: '环太平洋城市论坛', expect: [T.forum], kind: 'segmentation' },
  { q: '新市民贷', expect: [T.loan], kind: 'segmentation' },
  { q: '反向消费', expect: [T.reverse], kind: 'plain' },
  { q: '跨境电商', expect: [T.ecommerce], kind: 'plain' },
  { q: '恒科电子 创业板', expect: [T.ipo], kind: 'plain' },
  { q: '电池股', expect: [T.battery], kind: 'segmentation' },
  { q: '液冷数据中心', expect: [T.dc], kind: 'segmentation' },
  { q: '政务大模型', expect: [T.govAi], kind: 'segmentation' },
  { q: '人工智能训练师', expect: [T.trainer], kind: 'segmentation' },
  { q: 'AI换脸诈骗', expect: [T.deepfake], kind: 'mixed' },
  { q: '国际车展', expect: [T.autoShow], kind: 'plain' },
  { q: '车内温度', expect: [T.carHeat], kind: 'plain' },
  { q: '二手车置换补贴', expect: [T.usedCar], kind: 'segmentation' },
  { q: '充电桩 进村', expect: [T.evVillage], kind: 'plain' },
  { q: '冬季续航 纯电车', expect: [T.winter], kind: 'plain' },
  { q: '电车 用车成本', expect: [T.evCost], kind: 'plain' },
  { q: '新房成交', expect: [T.newHomes], kind: 'plain' },
  { q: '租房合同', expect: [T.renting], kind: 'segmentation' },
  { q: '老房翻新', expect: [T.renovation], kind: 'plain' },
  { q: '志愿填报误区', expect: [T.volunteer], kind: 'segmentation' },
  { q: '公办幼儿园', expect: [T.kinder], kind: 'plain' },
  { q: '双减 周末', expect: [T.weekend], kind: 'plain' },
  { q: '流感疫苗', expect: [T.flu], kind: 'segmentation' },
  { q: '预防中暑', expect: [T.heatstroke], kind: 'plain' },
  { q: '互联网医院', expect: [T.hospital], kind: 'plain' },
  { q: '夜跑 膝盖', expect: [T.knee], kind: 'plain' },
  { q: '青川马拉松', expect: [T.marathon], kind: 'segmentation' },
  { q: '青川雄鹰 逆转', expect: [T.football], kind: 'plain' },
  { q: '游泳馆 票价', expect: [T.pool], kind: 'plain' },
  { q: '篮球联赛', expect: [T.basketball], kind: 'plain' },
  { q: '星空夜游', expect: [T.stars], kind: 'plain' },
  { q: '非遗市集', expect: [T.heritage], kind: 'plain' },
  { q: '露营', expect: [T.camping], kind: 'plain' },
  { q: '国庆 游客', expect: [T.holiday], kind: 'plain' },
  { q: '高考护考', expect: [T.examGuard, T.gaokaoDay], kind: 'segmentation' },
  { q: '东湖区志愿者', expect: [T.cleanup], kind: 'segmentation' },
  { q: '青川江滨', expect: [T.park], kind: 'segmentation' },
  { q: '老旧小区电梯', expect: [T.lift], kind: 'segmentation' },
  { q: '电单车', expect: [T.ebike], kind: 'plain' },
  { q: '新能源汽车产量', expect: [T.gdp], kind: 'segmentation' },
  // Traditional characters
  { q: '暴雨過後 志願者', expect: [T.cleanup], kind: 'traditional' },
  { q: '電動車 頭盔', expect: [T.ebike], kind: 'traditional' },
  { q: '數據中心 液冷', expect: [T.dc], kind: 'traditional' },
  { q: '馬拉松', expect: [T.marathon, T.knee], kind: 'traditional' },
  { q: '樓市新政', expect: [T.housing], kind: 'traditional' },
  { q: '換臉詐騙', expect: [T.deepfake], kind: 'traditional' },
  { q: '幼兒園', expect: [T.kinder], kind: 'traditional' },
  { q: '蘋果 手機', expect: [T.iphone], kind: 'traditional' },
  { q: '高考誌願填報', expect: [T.volunteer], kind: 'traditional' },
  { q: '集裝箱運價', expect: [T.freight], kind: 'traditional' },
  // Mixed Chinese / English / numbers: model codes, years, units, percentages
  { q: 'HK-3001', expect: [T.fold], kind: 'mixed' },
  { q: 'hk3001 折叠屏', expect: [T.fold], kind: 'mixed' },
  { q: 'ＨＫ－３００１', expect: [T.fold], kind: 'mixed' },
  { q: 'iPhone 17', expect: [T.iphone], kind: 'mixed' },
  { q: 'IPHONE17 续航', expect: [T.iphone], kind: 'mixed' },
  { q: '5G基站', expect: [T.g5], kind: 'mixed' },
  { q: 'PUE 1.15', expect: [T.dc], kind: 'mixed' },
  { q: 'Wi-Fi 7 路由器', expect: [T.wifi], kind: 'mixed' },
  { q: 'AI 高中课堂', expect: [T.classroom], kind: 'mixed' },
  { q: '蓝鲸QC7', expect: [T.qc7], kind: 'mixed' },
  { q: 'SUV 增程', expect: [T.qc7], kind: 'mixed' },
  { q: '20GWh', expect: [T.gwh], kind: 'mixed' },
  { q: '120km/h', expect: [T.speed], kind: 'mixed' },
  { q: 'GDP 5.6%', expect: [T.gdp], kind: 'mixed' },
  { q: '首付比例 15%', expect: [T.housing], kind: 'mixed' },
  { q: '6999元', expect: [T.fold], kind: 'mixed' },
  { q: '86%', expect: [T.ipo], kind: 'mixed' },
  { q: '40℃ 欧洲', expect: [T.heatwave], kind: 'mixed' },
  { q: '3.2公里', expect: [T.park], kind: 'mixed' },
  { q: '空调 26℃', expect: [T.power], kind: 'mixed' },
  { q: '定投ETF', expect: [T.etf], kind: 'mixed' },
  { q: 'IPO', expect: [T.ipo], kind: 'mixed' },
  { q: '28分钟 东湖', expect: [T.metro], kind: 'mixed' },
  { q: '1.5万元 新职业', expect: [T.trainer], kind: 'mixed' },
];

test(`relevance test set over the demo portal (${testDialect()}): recall@10 >= 0.95, MRR reported`, async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await seedDemoIfEmpty(z);
  const titleOf = new Map<number, string>();
  const misses: string[] = [];
  let recallSum = 0;
  let rrSum = 0;
  const byKind = new Map<string, { n: number; recall: number }>();
  for (const c of CASES) {
    const out = await z.search.search({ q: c.q }, 10);
    for (const a of await z.articles.getPublishedMany(out.ids.filter((id) => !titleOf.has(id)))) titleOf.set(a.id, a.title);
    const got = out.ids.map((id) => titleOf.get(id) ?? `#${id}`);
    const found = c.expect.filter((e) => got.includes(e)).length;
    const recall = found / c.expect.length;
    const first = got.findIndex((g) => (c.expect as readonly string[]).includes(g));
    recallSum += recall;
    rrSum += first >= 0 ? 1 / (first + 1) : 0;
    const k = byKind.get(c.kind) ?? { n: 0, recall: 0 };
    byKind.set(c.kind, { n: k.n + 1, recall: k.recall + recall });
    if (recall < 1) misses.push(`${c.q} → ${JSON.stringify(got.slice(0, 3))} (expected ${JSON.stringify(c.expect)})`);
  }
  const recallAt10 = recallSum / CASES.length;
  const mrr = rrSum / CASES.length;
  const kinds = [...byKind].map(([k, v]) => `${k} ${v.n} queries, recall ${(v.recall / v.n).toFixed(3)}`).join('; ');
  const report = `search relevance (${testDialect()}): ${CASES.length} queries, recall@10 = ${recallAt10.toFixed(3)}, MRR = ${mrr.toFixed(3)} (${kinds})`;
  console.log(report);
  t.diagnostic(report);
  for (const m of misses) t.diagnostic(`miss: ${m}`);
  assert.ok(CASES.length >= 60);
  assert.ok(recallAt10 >= 0.95, `recall@10 ${recallAt10.toFixed(3)} < 0.95; misses:\n${misses.join('\n')}`);
});
