// WeChat SDKs on npm, as data: what each makes, which hosts its own requests go to, which of its options
// reach TLS, and how it can be pointed elsewhere. The scanner never reads node_modules, so these facts
// come from the SDKs' sources; docs/sdks.md gives the repository, file and commit behind each row.
import type { ApiNode, ClientFamily, DelegateModel, OptionLayout, SendsModel } from './types.ts';
import { NO_LAYOUT, each } from './types.ts';

const API = 'api.weixin.qq.com';
const WORK = 'qyapi.weixin.qq.com';
const PAY = 'api.mch.weixin.qq.com';

/** urllib 2.x copies these TLS keys into https.request and takes the agent for https from `httpsAgent`. */
const URLLIB2: OptionLayout = { tls: [['ca'], ['rejectUnauthorized'], ['checkServerIdentity']], agents: [['httpsAgent']], urls: [], hosts: [], bases: [] };
/** httpx (≥ 2.2.6) passes `ca` and `rejectUnauthorized` on, and uses `agent` for https too. */
const HTTPX: OptionLayout = { tls: [['ca'], ['rejectUnauthorized']], agents: [['agent']], urls: [], hosts: [], bases: [] };

/** `new SDK(…)`: a client that sends its own requests; `setOpts(opts)` merges opts into all of them. */
function optsSdk(layout: OptionLayout, sends: SendsModel, extra: Record<string, ApiNode> = {}): ApiNode {
  return {
    call: {
      role: 'instance',
      options: [],
      layout,
      sends,
      returns: {
        members: {
          setOpts: { call: { role: 'configure', options: [0] } },
          // api.request(url, opts): the same merged options, to the URL given.
          request: { call: { role: 'request', url: 0, options: [1], layout } },
          ...extra,
        },
      },
    },
  };
}

/** A client made from one options object (`new Wechatpay(config)`, `new OfficialAccount(config)`). */
function configSdk(layout: OptionLayout, hosts: readonly string[], returns?: ApiNode): ApiNode {
  return { call: { role: 'instance', options: [0], layout, sends: { hosts }, returns } };
}

// node-webot's wechat-api: urllib 2; `setEndpoint(domain)` (or `api.endpoint = …`) moves every call.
const wechatApi = optsSdk(URLLIB2, { hosts: [API], redirect: { fields: ['endpoint'], replaces: true } }, {
  setEndpoint: { call: { role: 'redirect', host: 0, setting: 'endpoint' } },
});

// co-wechat-api: httpx; public URL-prefix fields, each used by part of the calls.
const coWechatApi = optsSdk(HTTPX, {
  hosts: [API],
  redirect: { fields: ['prefix', 'snsPrefix', 'payPrefix', 'merchantPrefix', 'customservicePrefix', 'wxaPrefix'], replaces: false },
});

// node-easywechat: `config.http` is axios config merged over the product's base URL.
const EASYWECHAT: OptionLayout = { tls: [], agents: [['http', 'httpsAgent']], urls: [], hosts: [], bases: [['http', 'baseURL']] };
const easywechatApps: Record<string, ApiNode> = {
  ...each(['OfficialAccount', 'MiniApp', 'MiniProgram', 'OpenPlatform', 'OpenWork'], configSdk(EASYWECHAT, [API])),
  Work: configSdk(EASYWECHAT, [WORK]),
  Pay: configSdk(EASYWECHAT, [PAY]),
  Payment: configSdk(EASYWECHAT, [PAY]),
};

// wechatpay-axios-plugin: axios config at the top (httpsAgent, baseURL); `merchant` becomes `new https.Agent(merchant)`.
const wechatpay = configSdk(
  { tls: [['merchant', 'ca'], ['merchant', 'rejectUnauthorized']], agents: [['httpsAgent']], urls: [], hosts: [], bases: [['baseURL']] },
  [PAY],
);

// wechatpay-node-v3: `pay.createHttp(service)` replaces its HTTP layer with the caller's object.
const payV3Delegate: DelegateModel = { hosts: [PAY], methods: { post: { url: 0 }, get: { url: 0 } } };
const wechatpayNodeV3 = configSdk(NO_LAYOUT, [PAY], { members: { createHttp: { call: { role: 'delegate', delegate: payV3Delegate } } } });

// TNWX: every call goes through the delegate installed with `HttpKit.setHttpDelegate = kit`.
const tnwxDelegate: DelegateModel = {
  hosts: [API, WORK, PAY],
  methods: each(
    ['httpGet', 'httpGetToResponse', 'httpPost', 'httpPostToResponse', 'httpDeleteToResponse', 'httpPostWithCert', 'upload', 'uploadToResponse', 'httpPutToResponse'],
    { url: 0 },
  ),
};
const tnwx: ApiNode = { members: { HttpKit: { members: { setHttpDelegate: { delegate: tnwxDelegate } } } } };

/** SDKs that take only a client certificate: their config is read, and no trust anchor in it is. */
const clientCertificateOnly = (hosts: readonly string[]): ApiNode => configSdk(NO_LAYOUT, hosts);

export const wechatSdks: ClientFamily = {
  meta: { id: 'wechat-sdks', description: 'WeChat SDKs on npm: their hosts and the options that reach TLS (docs/sdks.md)' },
  modules: {
    'wechat-api': wechatApi,
    'co-wechat-api': coWechatApi,
    'wechat-oauth': optsSdk(URLLIB2, { hosts: [API] }),
    'co-wechat-oauth': optsSdk(HTTPX, { hosts: [API] }),
    'wechat-enterprise-api': optsSdk(URLLIB2, { hosts: [WORK], redirect: { fields: ['prefix'], replaces: true } }),
    'node-easywechat': { members: { ...easywechatApps, Factory: { members: easywechatApps } } },
    'wechatpay-axios-plugin': { ...wechatpay, members: { Wechatpay: wechatpay, Decorator: wechatpay, default: wechatpay } },
    tenpay: { ...clientCertificateOnly([PAY, 'fraud.mch.weixin.qq.com']), members: { init: clientCertificateOnly([PAY]), sandbox: clientCertificateOnly([PAY]) } },
    'wechatpay-node-v3': { ...wechatpayNodeV3, members: { default: wechatpayNodeV3 } },
    tnwx,
    '@tnwx/kits': tnwx,
    'nest-wechat': { members: {} },
    'weixin-pay': clientCertificateOnly([PAY]),
    'co-wechat-payment': clientCertificateOnly([PAY]),
    'wechat-pay': clientCertificateOnly([PAY]),
    wechatpay: clientCertificateOnly([PAY]),
    'wechat-jssdk': clientCertificateOnly([API, PAY]),
  },
  layout: NO_LAYOUT,
};

/** egg-wechat-api's `app.wechatApi`: a co-wechat-api client the plugin builds. */
export const EGG_WECHAT_API: ApiNode = { slot: { holds: 'client', client: { module: 'co-wechat-api', creation: coWechatApi.call! } } };

/** Hosts the requests of every SDK module go to (a process that imports one talks to them). */
export const SDK_HOSTS: Readonly<Record<string, readonly string[]>> = {
  'wechat-api': [API],
  'co-wechat-api': [API],
  'wechat-oauth': [API],
  'co-wechat-oauth': [API],
  'wechat-enterprise-api': [WORK],
  'node-easywechat': [API, WORK, PAY],
  'wechatpay-axios-plugin': [PAY],
  tenpay: [PAY],
  'wechatpay-node-v3': [PAY],
  tnwx: [API, WORK, PAY],
  '@tnwx/kits': [API, WORK, PAY],
  'nest-wechat': [API, PAY],
  'egg-wechat-api': [API],
  'weixin-pay': [PAY],
  'co-wechat-payment': [PAY],
  'wechat-pay': [PAY],
  wechatpay: [PAY],
  'wechat-jssdk': [API, PAY],
};

/** Modules whose every request goes to WeChat: importing one is talking to WeChat. */
export const WECHAT_ONLY_MODULES: readonly string[] = Object.keys(SDK_HOSTS);

/**
 * Does the text name a WeChat-only SDK as a module (`require('wechat-api')`, `from "tenpay"`)? A cheap
 * text test. Here rather than in clients.ts, so that the relevance gate does not load every client family.
 */
export function namesWeChatOnlyModule(text: string): boolean {
  return WECHAT_ONLY_MODULES.some((module) => text.includes(`'${module}'`) || text.includes(`"${module}"`));
}
