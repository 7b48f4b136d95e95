// SDKs that only ever talk to WeChat, so options given to them reach WeChat hosts: wechat-api and
// co-wechat-api (`api.setOpts(urllibOptions)`), and wechatpay-axios-plugin (`new Wechatpay(config)`,
// whose axios options pass through unless config names another baseURL).
import type { ApiNode, ClientFamily } from './types.ts';
import { urllibLayout } from './urllib.ts';

function setOptsSdk(hosts: string[]): ApiNode {
  return {
    call: {
      role: 'instance',
      options: [],
      returns: { members: { setOpts: { call: { role: 'sdk', options: [0], hosts } } } },
    },
  };
}

const wechatpay: ApiNode = {
  call: {
    role: 'sdk',
    options: [0],
    hosts: ['api.mch.weixin.qq.com'],
    layout: { tls: [], agents: [['httpsAgent']], urls: [], hosts: [], bases: [['baseURL']] },
  },
};

export const wechatSdks: ClientFamily = {
  meta: { id: 'wechat-sdks', description: 'wechat-api, co-wechat-api and wechatpay-axios-plugin pass-through options' },
  modules: {
    'wechat-api': setOptsSdk(['api.weixin.qq.com']),
    'co-wechat-api': setOptsSdk(['api.weixin.qq.com']),
    'wechatpay-axios-plugin': { ...wechatpay, members: { Wechatpay: wechatpay, default: wechatpay } },
  },
  layout: urllibLayout,
};
