// NestJS's HttpModule (@nestjs/axios): `register(config)` and `registerAsync({ useFactory })` make the
// axios instance that HttpService wraps. Services that ask for an HttpService receive it (values/
// injection.ts); it is also used where the analysis cannot follow (`axiosRef`, other modules), so it
// leaves too, and its base URL says what for (DESIGN.md policy 3).
import type { ApiNode, ClientFamily } from './types.ts';
import { axios, instance as axiosInstance } from './axios.ts';

const HTTP_SERVICE = { module: '@nestjs/axios', path: ['HttpService'] };

/** HttpService: axios's request methods (returning Observables), and `axiosRef`, the instance itself. */
const httpService: ApiNode = { members: { ...axiosInstance.members, axiosRef: axiosInstance } };

const httpModule: ApiNode = {
  members: {
    register: { call: { role: 'instance', options: [0], escapes: true, injectedAs: HTTP_SERVICE, returns: httpService, layout: axios.layout } },
    // `useFactory` runs with what Nest injects (a ConfigService, say): its result is the config.
    registerAsync: { call: { role: 'instance', factory: { argument: 0, path: ['useFactory'] }, escapes: true, injectedAs: HTTP_SERVICE, returns: httpService, layout: axios.layout } },
  },
};

export const nest: ClientFamily = {
  meta: { id: 'nest', description: "NestJS's HttpModule.register / registerAsync (axios under dependency injection)" },
  modules: { '@nestjs/axios': { members: { HttpModule: httpModule } } },
  layout: axios.layout,
};
