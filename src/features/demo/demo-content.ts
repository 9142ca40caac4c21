/**
 * Demo content for the fictional portal "青川资讯网" (Qingchuan, a made-up city).
 * Pure data: every place, company, product line and person here is invented.
 * Articles live in demo-articles-1.ts / demo-articles-2.ts to keep files readable.
 */
import { demoArticles1 } from './demo-articles-1.ts';
import { demoArticles2 } from './demo-articles-2.ts';
import { demoArticles3 } from './demo-articles-3.ts';
import { demoArticles4 } from './demo-articles-4.ts';
import { demoArticles5 } from './demo-articles-5.ts';

export interface DemoCategory {
  slug: string;
  name: string;
  parentSlug?: string;
  sortOrder: number;
  description: string;
}

export interface DemoArticle {
  title: string;
  subtitle?: string;
  /** 核心提示; "" means "derive automatically". */
  summary: string;
  /** HTML: p, h2, h3, ul/ol/li, blockquote, strong, em, table, and <hr class="pagebreak">. */
  body: string;
  /** Category slug. */
  category: string;
  tags: string[];
  /** Member username. */
  author: string;
  source: string;
  sourceUrl?: string;
  original: boolean;
  recommendLevel: 0 | 1 | 2 | 3;
  verified: boolean;
  cover: boolean;
  /** Published this many hours before "now" at seed time. */
  hoursAgo: number;
}

export interface DemoMember {
  username: string;
  displayName: string;
  role: 'member' | 'editor' | 'admin';
}

export interface DemoPage {
  slug: string;
  title: string;
  body: string;
}

export const demoCategories: DemoCategory[] = [
  { slug: 'local', name: '本地新闻', sortOrder: 10, description: '青川本地时政、社会、城建与民生新闻。' },
  { slug: 'local-traffic', name: '交通出行', parentSlug: 'local', sortOrder: 11, description: '地铁、公交、道路与出行提示。' },
  { slug: 'local-life', name: '社区民生', parentSlug: 'local', sortOrder: 12, description: '老旧小区、社区服务、水电气等身边事。' },
  { slug: 'china', name: '国内', sortOrder: 20, description: '国内要闻与各地动态。' },
  { slug: 'world', name: '国际', sortOrder: 30, description: '国际时事、全球经贸与城市交流。' },
  { slug: 'finance', name: '财经', sortOrder: 40, description: '宏观经济、地方产业、银行与消费。' },
  { slug: 'finance-stock', name: '股市', parentSlug: 'finance', sortOrder: 41, description: '本地上市公司、板块行情与投资者故事。' },
  { slug: 'tech', name: '科技', sortOrder: 50, description: '数码产品、通信网络与科技企业。' },
  { slug: 'tech-ai', name: '人工智能', parentSlug: 'tech', sortOrder: 51, description: '大模型、智能应用与 AI 带来的新变化。' },
  { slug: 'auto', name: '汽车', sortOrder: 60, description: '新车、试驾、车展与用车常识。' },
  { slug: 'auto-ev', name: '新能源车', parentSlug: 'auto', sortOrder: 61, description: '纯电、插混、电池与充电设施。' },
  { slug: 'house', name: '房产', sortOrder: 70, description: '楼市政策、成交数据、租房与装修。' },
  { slug: 'edu', name: '教育', sortOrder: 80, description: '中高考、招生、学前教育与家庭教育。' },
  { slug: 'health', name: '健康', sortOrder: 90, description: '医疗服务、疾病预防与健康生活。' },
  { slug: 'sports', name: '体育', sortOrder: 100, description: '本地赛事、全民健身与球迷声音。' },
  { slug: 'travel', name: '文旅', sortOrder: 110, description: '景区资讯、旅行攻略与非遗文化。' },
];

export const demoMembers: DemoMember[] = [
  { username: 'bianji01', displayName: '青川资讯编辑部', role: 'editor' },
  { username: 'bianji02', displayName: '值班编辑小周', role: 'editor' },
  { username: 'xiaolin88', displayName: '小林同学', role: 'member' },
  { username: 'laowang_qc', displayName: '老王说青川', role: 'member' },
  { username: 'ahuang2019', displayName: '阿黄的生活笔记', role: 'member' },
  { username: 'lanshanyu', displayName: '蓝山雨', role: 'member' },
  { username: 'chezhu007', displayName: '车主老周', role: 'member' },
  { username: 'jiankang_he', displayName: '何医生聊健康', role: 'member' },
  { username: 'qiumi_dapeng', displayName: '球迷大鹏', role: 'member' },
  { username: 'yuyu_travel', displayName: '鱼鱼去旅行', role: 'member' },
];

export const demoArticles: DemoArticle[] = [...demoArticles1, ...demoArticles2, ...demoArticles3, ...demoArticles4, ...demoArticles5];

export const demoPages: DemoPage[] = [
  {
    slug: 'about',
    title: '关于我们',
    body: `<p>青川资讯网是一家立足青川、服务本地的综合性新闻资讯网站，内容涵盖本地新闻、财经、科技、汽车、房产、教育、健康、体育和文旅等频道。我们希望用及时、准确、好读的报道，帮助市民更好地了解自己生活的这座城市。</p>
<p>网站由专业编辑团队负责日常选题、采访与审核，同时开放会员投稿。无论是街坊邻里的新鲜事、一次难忘的旅行，还是对某个公共话题的观察与思考，只要内容真实、表达文明，都欢迎投递给我们。投稿经编辑审核通过后即会在相应频道发布。</p>
<p>我们坚持“真实、客观、有温度”的编辑方针：重要消息多方核实，争议话题兼听各方，涉及个人隐私的内容审慎处理。如发现报道有误，我们会在第一时间更正并注明。</p>
<p>青川资讯网的成长离不开每一位读者。欢迎通过页面底部的联系方式向我们提供新闻线索、提出意见建议，或加入我们的会员作者队伍。</p>`,
  },
  {
    slug: 'contact',
    title: '联系方式',
    body: `<p>感谢您对青川资讯网的关注。如您有新闻线索、投稿疑问、合作意向或对网站的意见建议，可通过以下方式与我们取得联系。</p>
<ul>
<li>新闻热线：0000-8888 6666（每天 8:00—22:00）</li>
<li>编辑部邮箱：news@example.com</li>
<li>商务合作：business@example.com</li>
<li>通讯地址：青川市东湖区文华路 88 号 青川传媒大厦 12 层</li>
</ul>
<p>提供新闻线索时，请尽量说明事件发生的时间、地点和经过，并留下可以联系到您的方式。我们会对线索提供者的个人信息严格保密。</p>
<p>对已发布内容有异议的，请写明文章标题、链接和具体理由，编辑部一般会在 3 个工作日内给予答复。</p>`,
  },
  {
    slug: 'terms',
    title: '使用协议',
    body: `<p>欢迎使用青川资讯网（以下简称“本站”）。在注册会员或使用本站各项服务之前，请您仔细阅读本协议。您注册、登录或以其他方式使用本站服务，即视为已阅读并同意本协议的全部内容。</p>
<h2>一、账号注册与使用</h2>
<p>会员应当使用真实、准确的信息注册账号，并妥善保管账号和密码。因会员保管不善造成账号被盗用的，相应后果由会员自行承担。会员不得将账号出借、转让或出售给他人使用。</p>
<h2>二、投稿与发布规范</h2>
<p>会员投稿应当为本人原创或已获得合法授权的内容，不得含有违反法律法规、侵害他人合法权益、虚假夸大或低俗不雅的信息。本站有权对投稿进行审核、修改标题与摘要、调整分类，或不予发布。</p>
<h2>三、免责声明</h2>
<p>会员投稿及评论仅代表作者个人观点，不代表本站立场。本站会尽力核实内容，但对于会员提供信息的真实性、完整性不作任何保证。因网络故障、系统维护等不可抗力造成服务中断的，本站不承担责任。</p>
<p>本站有权根据实际情况对本协议进行修订，修订后的协议在网站公布后即生效。如您不同意修订内容，可停止使用本站服务。</p>`,
  },
  {
    slug: 'privacy',
    title: '隐私政策',
    body: `<p>青川资讯网非常重视用户的个人信息保护。本政策说明我们在您使用本站服务时收集哪些信息、如何使用这些信息，以及您享有的相关权利。</p>
<p>我们仅收集提供服务所必需的信息，包括注册时填写的用户名、电子邮箱，以及您主动提交的投稿、评论内容。为保障账号安全和统计访问情况，服务器会记录访问时间、IP 地址等必要的日志信息。</p>
<p>我们使用 Cookie 保持您的登录状态、记住您的偏好设置。您可以在浏览器中清除或禁用 Cookie，但这可能导致部分功能无法正常使用。</p>
<p>除法律法规另有规定或经您本人同意外，我们不会向任何第三方出售、出租或提供您的个人信息。我们采取合理的技术和管理措施保护数据安全，防止信息泄露、篡改或丢失。</p>
<p>您有权查询、更正您的个人资料，也可以申请注销账号。注销后，我们将删除或匿名化处理您的个人信息，但已经公开发布的投稿内容可能仍会保留。如有疑问，请发送邮件至 privacy@example.com。</p>`,
  },
  {
    slug: 'copyright',
    title: '版权隐私',
    body: `<p>青川资讯网刊载的所有原创内容，包括文字、图片、图表和版式设计，版权均归青川资讯网或相关权利人所有，受著作权法保护。</p>
<p>未经本站书面授权，任何单位和个人不得转载、摘编或以其他方式使用本站原创内容。已获授权的，应在授权范围内使用，并注明“来源：青川资讯网”及作者姓名。</p>
<p>本站转载的部分内容均注明了出处，转载目的在于传递更多信息，并不意味着赞同其观点或证实其描述。如相关权利人认为本站内容侵犯了其合法权益，请提供身份证明、权属证明及详细侵权情况说明，本站将在核实后及时处理。</p>
<p>会员向本站投稿，即视为同意授权本站在网站及关联平台上发布、编辑和推荐该内容，作者依法享有的署名权等权利不受影响。</p>
<p>版权事务联系邮箱：copyright@example.com。</p>`,
  },
];
