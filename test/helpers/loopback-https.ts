// A stand-in for api.weixin.qq.com on 127.0.0.1: real TLS with the test PKI's chain, and the two answers
// the tests need. It records every request so a test can show the fixed client really got through.

import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TestPki } from './pki.ts';

export interface RecordedRequest {
  method: string;
  url: string;
  host: string;
}

export interface LoopbackServer {
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export const TESTCERT_BODY = 'Certificate test passed!';
export const TOKEN_BODY = { access_token: 'loopback-token', expires_in: 7200 };

export async function startLoopbackHttps(pki: TestPki): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const server = https.createServer({ key: pki.server.key, cert: pki.serverChain }, (request, response) => {
    requests.push({ method: request.method ?? '', url: request.url ?? '', host: request.headers.host ?? '' });
    const pathname = new URL(request.url ?? '/', 'https://loopback').pathname;
    if (pathname === '/testcert') answer(response, 200, 'text/plain', TESTCERT_BODY);
    else if (pathname === '/cgi-bin/token') answer(response, 200, 'application/json', JSON.stringify(TOKEN_BODY));
    // What the real API says to a path it does not know: JSON with an errcode.
    else answer(response, 404, 'application/json', '{"errcode":-1,"errmsg":"not found"}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    port,
    requests,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/**
 * A complete answer with Content-Length and no keep-alive: raw-socket clients read it without decoding
 * chunks, and a client on the global agent exits as soon as it has it.
 */
function answer(response: ServerResponse, status: number, type: string, body: string): void {
  response
    .writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), connection: 'close' })
    .end(body);
}
