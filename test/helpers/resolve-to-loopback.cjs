// Preload for child processes (NODE_OPTIONS=--require <this file>): WeChat's hosts resolve to 127.0.0.1,
// so a sample client that names api.weixin.qq.com reaches the loopback test server while its own code,
// and the TLS server-name check, stay exactly as in production. Other hosts fail to resolve, so a test
// can never reach the internet by mistake. CommonJS because --require loads it before any ESM loader.
'use strict';

const dns = require('node:dns');

const suffixes = (process.env.WECHAT_UNPIN_LOOPBACK_HOSTS || 'weixin.qq.com,wechatpay.cn')
  .split(',')
  .map((s) => s.trim().toLowerCase())
  .filter(Boolean);

function isLoopbackHost(hostname) {
  const name = String(hostname).toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name === '127.0.0.1' || suffixes.some((s) => name === s || name.endsWith('.' + s));
}

// net and tls read dns.lookup at call time, so replacing the property is enough.
dns.lookup = function lookup(hostname, options, callback) {
  const cb = typeof options === 'function' ? options : callback;
  const opts = typeof options === 'object' && options !== null ? options : {};
  process.nextTick(() => {
    if (!isLoopbackHost(hostname)) {
      const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname} (resolve-to-loopback)`), {
        code: 'ENOTFOUND',
        hostname,
      });
      cb(error);
    } else if (opts.all) {
      cb(null, [{ address: '127.0.0.1', family: 4 }]);
    } else {
      cb(null, '127.0.0.1', 4);
    }
  });
};
