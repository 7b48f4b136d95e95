// NestJS's HttpModule (@nestjs/axios): `register(config)` and `registerAsync({ useFactory })` make the
// axios instance that HttpService wraps. Services receive it by dependency injection, which the analysis
// does not follow: the instance is used outside what it sees, as its base URL says (DESIGN.md policy 3).
import type { ApiNode, ClientFamily } from './types.ts';
import { axios } from './axios.ts';

const httpModule: ApiNode = {
  members: {
    register: { call: { role: 'instance', options: [0], escapes: true, layout: axios.layout } },
    // `useFactory` runs with what Nest injects (a ConfigService, say): its result is the config.
    registerAsync: { call: { role: 'instance', factory: { argument: 0, path: ['useFactory'] }, escapes: true, layout: axios.layout } },
  },
};

export const nest: ClientFamily = {
  meta: { id: 'nest', description: "NestJS's HttpModule.register / registerAsync (axios under dependency injection)" },
  modules: { '@nestjs/axios': { members: { HttpModule: httpModule } } },
  layout: axios.layout,
};
