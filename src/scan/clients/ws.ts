// ws: `new WebSocket(address, protocols?, options?)`; its options (https.request's TLS options, and an
// `agent`) serve the connection to the address's host.
import type { ApiNode, ClientFamily } from './types.ts';

const socket: ApiNode = { call: { role: 'request', url: 0, options: [1, 2] } };

export const ws: ClientFamily = {
  meta: { id: 'ws', description: 'the ws WebSocket client' },
  modules: {
    ws: { call: socket.call, members: { WebSocket: socket, default: socket } },
  },
  layout: { tls: [['ca'], ['rejectUnauthorized'], ['checkServerIdentity']], agents: [['agent']], urls: [], hosts: [], bases: [] },
};
