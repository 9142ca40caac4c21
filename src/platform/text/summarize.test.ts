import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarize } from './index.ts';

const ARTICLE =
  '市交通委员会昨天发布消息，地铁9号线二期工程将于2026年12月28日开通试运营。' +
  '二期工程全长12.6公里，设车站8座，其中换乘站3座。' +
  '开通后，从滨江新区到火车东站的通勤时间将由70分钟缩短至35分钟。' +
  '沿线居民表示期待已久。' +
  '据介绍，9号线二期采用全自动运行系统，最高时速100km/h。' +
  '记者在现场看到，各车站的装修和设备调试已基本完成，工作人员正在进行开通前的最后检查。';

const ENDS = /[。！？!?…”」』）)]$/u;

test('a summary is whole sentences of the text, at most 120 characters, ending at a sentence end', () => {
  const s = summarize(ARTICLE);
  assert.ok(s.length > 0 && s.length <= 120, `${s.length}: ${s}`);
  assert.match(s, ENDS);
  assert.ok(s.startsWith('市交通委员会昨天发布消息'), 'the lead sentence comes first');
  for (const sentence of s.split(/(?<=。)/)) assert.ok(ARTICLE.includes(sentence), sentence);
});

test('the budget can be smaller, and short or empty texts work', () => {
  const s = summarize(ARTICLE, 60);
  assert.ok(s.length <= 60 && ENDS.test(s), s);
  assert.equal(summarize('一句话的新闻。'), '一句话的新闻。');
  assert.equal(summarize(''), '');
  assert.equal(summarize(' \n，。 '), '');
});

test('a first sentence longer than the budget is cut at a word boundary and ends with …', () => {
  const long =
    '据统计，2026年前三季度全市规模以上工业增加值同比增长3.5%，其中高技术制造业增长12.8%，' +
    '装备制造业增长9.1%，消费品制造业增长4.2%，新能源汽车、工业机器人、集成电路等新产品产量分别增长35.6%、28.3%和19.7%，' +
    '全市工业经济运行总体平稳、稳中有进，为全年目标的实现打下了坚实基础。第二句。';
  const s = summarize(long);
  assert.ok(s.length <= 120, String(s.length));
  assert.ok(s.endsWith('…'));
  const head = s.slice(0, -1);
  assert.ok(long.startsWith(head), 'a prefix of the sentence');
  assert.doesNotMatch(head, /[，、]$/, 'no dangling comma');
  // The cut never splits a number or a number from its unit.
  const next = long.slice(head.length);
  assert.ok(!(/\d$/.test(head) && /^[\d.%年月]/.test(next)), `${head} | ${next.slice(0, 5)}`);
});

test('numbers are never cut, wherever the budget falls', () => {
  const text = '全市今年的新增就业人数达到了12.5万人，其中2026年第三季度新增3.5万人，占全年任务的百分之四十以上并且还在继续增长当中';
  for (let max = 10; max <= 60; max++) {
    const s = summarize(text, max);
    assert.ok(s.length <= max, `${max}: ${s}`);
    const head = s.slice(0, -1);
    const next = text.slice(head.length);
    assert.ok(!(/\d$/.test(head) && /^[\d.%万年]/.test(next)), `${max}: ${head} | ${next.slice(0, 4)}`);
    assert.ok(!/\d\.$/.test(head), `${max}: ${head}`);
  }
});

test('summaries are deterministic', () => {
  assert.equal(summarize(ARTICLE), summarize(ARTICLE));
});

test('headings, table cells and list fragments without sentence punctuation are left out', () => {
  const text = [
    '本报讯',
    '受低涡东移影响，昨日20时至今日8时，全市普降暴雨。',
    '各区县降雨情况',
    '区县\n平均降雨量（毫米）\n东湖区\n88.2',
    '城区：12个易涝点连夜抽排',
    '新增观景平台1座，可俯瞰江景；',
    '市防指已启动防汛Ⅲ级应急响应。',
  ].join('\n');
  const s = summarize(text);
  assert.equal(s, '受低涡东移影响，昨日20时至今日8时，全市普降暴雨。市防指已启动防汛Ⅲ级应急响应。');
  assert.equal(summarize('只有标题没有句号\n第二行'), '只有标题没有句号', 'no punctuated sentence: the first line');
});
