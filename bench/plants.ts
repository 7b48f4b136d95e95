// The WeChat pins planted in the benchmark trees: a dozen real-looking patterns across clients,
// module systems and files, so the large tree has something to find and the fix-heavy tree has
// something to remove. Kept as strings (not files) so that no scan of this repository finds them.

export interface Plant {
  /** Path relative to the folder it is planted in. */
  path: string;
  text: string;
  /** Findings the scanner should report for this file. */
  pins: number;
}

const CONFIG: Plant = {
  path: 'wx-config.js',
  pins: 0,
  text: `'use strict';
// Endpoints of the WeChat APIs.
const WX_API = 'https://api.weixin.qq.com';
const PAY_API = 'https://api.mch.weixin.qq.com';
module.exports = { WX_API, PAY_API };
`,
};

/** Twelve files, each with one pin, plus the config module two of them import. */
export const PLANTS: readonly Plant[] = [
  CONFIG,
  {
    path: 'wx-token.js',
    pins: 1,
    text: `'use strict';
const fs = require('fs');
const https = require('https');
const path = require('path');
const { WX_API } = require('./wx-config');

// Pinned after the 2018 certificate change.
const wxRootCa = fs.readFileSync(path.join(__dirname, 'certs/wx-root.pem'));

const agent = new https.Agent({
  keepAlive: true,
  ca: wxRootCa,
});

function fetchAccessToken(appId, secret) {
  const url = \`\${WX_API}/cgi-bin/token?grant_type=client_credential&appid=\${appId}&secret=\${secret}\`;
  return new Promise((resolve, reject) => {
    https.get(url, { agent }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(JSON.parse(body)));
    }).on('error', reject);
  });
}

module.exports = { fetchAccessToken };
`,
  },
  {
    path: 'wx-message.ts',
    pins: 1,
    text: `import axios from 'axios';
import { readFileSync } from 'node:fs';
import https from 'node:https';

const rootCa = readFileSync('certs/wx-root.pem');

export const wechatApi = axios.create({
  baseURL: 'https://api.weixin.qq.com/cgi-bin',
  timeout: 5000,
  httpsAgent: new https.Agent({ ca: rootCa, keepAlive: true }),
});

export async function sendTemplate(token: string, payload: object): Promise<unknown> {
  const response = await wechatApi.post(\`/message/template/send?access_token=\${token}\`, payload);
  return response.data;
}
`,
  },
  {
    path: 'wx-refund.js',
    pins: 1,
    text: `'use strict';
const fs = require('fs');
const https = require('https');
const { PAY_API } = require('./wx-config');

const refundAgent = new https.Agent({
  pfx: fs.readFileSync('certs/apiclient_cert.p12'),
  passphrase: process.env.WXPAY_MCH_ID,
  ca: fs.readFileSync('certs/wx-root.pem'),
});

function refund(xml) {
  return new Promise((resolve, reject) => {
    const req = https.request(\`\${PAY_API}/secapi/pay/refund\`, { method: 'POST', agent: refundAgent }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end(xml);
  });
}

module.exports = { refund };
`,
  },
  {
    path: 'wx-request-options.js',
    pins: 1,
    text: `'use strict';
const fs = require('fs');
const https = require('https');

function getTicket(token) {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        hostname: 'api.weixin.qq.com',
        path: \`/cgi-bin/ticket/getticket?access_token=\${token}&type=jsapi\`,
        method: 'GET',
        ca: [fs.readFileSync('certs/wx-root.pem')],
      },
      (res) => resolve(res.statusCode),
    );
    req.on('error', reject);
    req.end();
  });
}

module.exports = { getTicket };
`,
  },
  {
    path: 'wx-tls.js',
    pins: 1,
    text: `'use strict';
const fs = require('fs');
const tls = require('tls');

const host = 'api.weixin.qq.com';

function probe(port) {
  const socket = tls.connect({
    host,
    port,
    servername: host,
    ca: fs.readFileSync('certs/wx-root.pem'),
  });
  socket.on('secureConnect', () => socket.end());
  return socket;
}

module.exports = { probe };
`,
  },
  {
    path: 'wx-got.mjs',
    pins: 1,
    text: `import got from 'got';
import { readFileSync } from 'node:fs';

export const payClient = got.extend({
  prefixUrl: 'https://api.mch.weixin.qq.com/v3',
  https: { certificateAuthority: readFileSync('certs/wx-root.pem') },
  responseType: 'json',
});

export function queryOrder(outTradeNo) {
  return payClient.get(\`pay/transactions/out-trade-no/\${outTradeNo}\`).json();
}
`,
  },
  {
    path: 'wx-superagent.js',
    pins: 1,
    text: `'use strict';
const fs = require('fs');
const superagent = require('superagent');

const cert = fs.readFileSync('certs/wx-root.pem');

function getUserInfo(token, openId) {
  return superagent
    .get(\`https://api.weixin.qq.com/cgi-bin/user/info?access_token=\${token}&openid=\${openId}\`)
    .ca(cert)
    .then((res) => res.body);
}

module.exports = { getUserInfo };
`,
  },
  {
    path: 'wx-assign.js',
    pins: 1,
    text: `'use strict';
const fs = require('fs');
const https = require('https');

function uploadNews(token, body) {
  const options = {
    hostname: 'api.weixin.qq.com',
    path: \`/cgi-bin/material/add_news?access_token=\${token}\`,
    method: 'POST',
  };
  options.ca = fs.readFileSync('certs/wx-root.pem');
  const req = https.request(options);
  req.end(body);
  return req;
}

module.exports = { uploadNews };
`,
  },
  {
    path: 'wx-request-lib.js',
    pins: 1,
    text: `'use strict';
const fs = require('fs');
const request = require('request');

function sendRedPack(xml, callback) {
  request.post(
    {
      url: 'https://api.mch.weixin.qq.com/mmpaymkttransfers/sendredpack',
      body: xml,
      ca: fs.readFileSync('certs/wx-root.pem'),
    },
    callback,
  );
}

module.exports = { sendRedPack };
`,
  },
  {
    path: 'wx-pay-v3.ts',
    pins: 1,
    text: `import axios from 'axios';
import fs from 'node:fs';
import { Agent } from 'node:https';

const pinned = fs.readFileSync('certs/wechatpay-root.pem');

export async function closeOrder(outTradeNo: string): Promise<number> {
  const response = await axios.post(
    \`https://api.wechatpay.cn/v3/pay/transactions/out-trade-no/\${outTradeNo}/close\`,
    { mchid: process.env.WXPAY_MCH_ID },
    { httpsAgent: new Agent({ ca: pinned }) },
  );
  return response.status;
}
`,
  },
  {
    path: 'wx-undici.mjs',
    pins: 1,
    text: `import { Agent, request } from 'undici';
import { readFileSync } from 'node:fs';

const dispatcher = new Agent({ connect: { ca: readFileSync('certs/wx-root.pem') } });

export async function getCallbackIp(token) {
  const { body } = await request(\`https://api.weixin.qq.com/cgi-bin/getcallbackip?access_token=\${token}\`, { dispatcher });
  return body.json();
}
`,
  },
  {
    path: 'wx-fetch.ts',
    pins: 1,
    text: `import https from 'node:https';
import { readFileSync } from 'node:fs';

const agent = new https.Agent({ ca: readFileSync('certs/wx-root.pem') });

export async function code2Session(appId: string, secret: string, code: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    https
      .get(
        \`https://api.weixin.qq.com/sns/jscode2session?appid=\${appId}&secret=\${secret}&js_code=\${code}\`,
        { agent },
        (res) => resolve(res.statusCode),
      )
      .on('error', reject);
  });
}
`,
  },
];

/** Planted pins in total: the scan of a tree holding PLANTS should report this many. */
export const PLANTED_PINS = PLANTS.reduce((sum, plant) => sum + plant.pins, 0);

/** The self-contained plants (no import of wx-config): safe to copy one by one anywhere. */
export const STANDALONE_PLANTS: readonly Plant[] = PLANTS.filter(
  (plant) => plant.pins > 0 && !plant.text.includes('./wx-config'),
);
