// The second, still cheap gate, between the prefilter and the scanner: a candidate matters only if
// something within its import neighbourhood (the files the scanner would load with it) names a WeChat
// host or an SDK that only talks to WeChat, or it lies in a package that says it is a WeChat SDK. Outside that neighbourhood no WeChat host can reach its
// setting, so the scanner could only conclude "no finding". On a large tree of library code this
// keeps ts-morph from loading hundreds of files that use `rejectUnauthorized` for their own ends.
import { WECHAT_WORDS, type HostMatcher } from './hosts.ts';
import { ImportGraph, neighbourhood } from './imports.ts';
import { namesWeChatOnlyModule } from './scan/clients/wechat-sdks.ts';

/** Process-wide settings serve every host the project calls, wherever those calls are. */
const GLOBAL_SETTING = /\bglobalAgent\b|NODE_TLS_REJECT_UNAUTHORIZED|setGlobalDispatcher/;


export function relevantCandidates(
  candidates: readonly string[],
  texts: ReadonlyMap<string, string>,
  matcher: HostMatcher,
  graph: ImportGraph = new ImportGraph(texts),
): string[] {
  const mentions = new Map<string, boolean>();
  const mentionsWeChat = (file: string): boolean => {
    let known = mentions.get(file);
    if (known === undefined) {
      const text = texts.get(file) ?? '';
      known =
        graph.workspace.inWeChatPackage(file) ||
        matcher.patterns.some((pattern) => text.includes(pattern)) ||
        // Only with WeChat's own hosts: a host assembled from parts still names them word by word.
        (matcher.isWeChat('api.weixin.qq.com') && WECHAT_WORDS.test(text)) ||
        namesWeChatOnlyModule(text);
      mentions.set(file, known);
    }
    return known;
  };
  const anywhere = (): boolean => [...texts.keys()].some(mentionsWeChat);
  let projectMentionsWeChat: boolean | undefined;
  return candidates.filter((candidate) => {
    if (GLOBAL_SETTING.test(texts.get(candidate) ?? '')) return (projectMentionsWeChat ??= anywhere());
    return neighbourhood([candidate], texts, undefined, undefined, graph).some(mentionsWeChat);
  });
}
