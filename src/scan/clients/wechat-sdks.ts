// SDKs that only ever talk to WeChat, so options given to them reach WeChat hosts: wechat-api and
// co-wechat-api (`api.setOpts(urllibOptions)`), and wechatpay-axios-plugin (`new Wechatpay(config)`,
// whose axios options pass through unless config names another baseURL).
import type { ClientFamily, InstanceTable, ModuleTable } from './types.ts';

function setOpts(family: string): InstanceTable {
  return (path) =>
    path.length === 1 && path[0] === 'setOpts'
      ? { family, role: 'sdk', optionArguments: [0], sdkHosts: ['api.weixin.qq.com'] }
      : undefined;
}

const wechatpayAxiosPlugin: ModuleTable = (path) => {
  const [member, next] = path;
  if (next !== undefined || (member !== 'Wechatpay' && member !== undefined)) return undefined;
  return { family: 'wechatpay-axios-plugin', role: 'sdk', optionArguments: [0], sdkHosts: ['api.mch.weixin.qq.com'] };
};

export const wechatSdks: ClientFamily = {
  meta: { id: 'wechat-sdks', description: 'wechat-api, co-wechat-api and wechatpay-axios-plugin pass-through options' },
  modules: { 'wechatpay-axios-plugin': wechatpayAxiosPlugin },
  instances: { 'wechat-api:': setOpts('wechat-api'), 'co-wechat-api:': setOpts('co-wechat-api') },
};
