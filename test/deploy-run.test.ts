// Deployment files in the pipeline (src/deployment.ts, run.ts): a NODE_TLS_REJECT_UNAUTHORIZED=0 in a
// .env, Dockerfile, Compose file… is an insecure-tls finding, needs-review, when the project talks to
// WeChat; never rewritten; `# wechat-unpin-ignore-next-line` suppresses it; trust-store options are notes
// in every report; under --staged the staged text is read. The file kinds themselves: deploy-settings.test.ts.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { formatJson } from '../src/report/json.ts';
import { formatMarkdown } from '../src/report/markdown.ts';
import { formatText } from '../src/report/text.ts';
import { run } from '../src/run.ts';
import type { RunResult } from '../src/types.ts';
import { defaultOptions, writeProject } from './helpers/project.ts';

const WECHAT_CALL = "const axios = require('axios');\nmodule.exports = () => axios.get('https://api.weixin.qq.com/cgi-bin/token');\n";
const CONTEXT = { toolName: 'wechat-unpin', toolVersion: '0.0.0', cwd: '/', color: false };

async function scan(files: Record<string, string>, overrides: Parameters<typeof defaultOptions>[1] = {}): Promise<{ result: RunResult; root: string }> {
  const root = writeProject(files);
  return { result: await run(defaultOptions(root, overrides)), root };
}

describe('deployment files in the pipeline', () => {
  it('a .env setting is an insecure-tls review that names where the project calls WeChat', async () => {
    const { result, root } = await scan({ 'src/wx.js': WECHAT_CALL, '.env': 'PORT=3000\nNODE_TLS_REJECT_UNAUTHORIZED=0\n' });
    rmSync(root, { recursive: true, force: true });
    assert.equal(result.findings.length, 1);
    const [finding] = result.findings;
    assert.deepEqual(
      { ...finding, id: undefined, message: undefined },
      {
        id: undefined,
        kind: 'insecure-tls',
        status: 'needs-review',
        reason: 'deployment-setting',
        file: '.env',
        line: 2,
        column: 1,
        endLine: 2,
        endColumn: 31,
        hosts: ['api.weixin.qq.com'],
        client: 'dotenv',
        message: undefined,
        evidence: [{ file: 'src/wx.js', line: 2, note: 'the project calls api.weixin.qq.com' }],
      },
    );
    assert.match(finding!.message, /every process the project starts.*the project calls api\.weixin\.qq\.com \(src\/wx\.js:2\)/);
    assert.equal(result.summary.findings['insecure-tls'], 1);
    assert.equal(result.summary.byStatus['needs-review'], 1);
  });

  it('a project that only imports a WeChat SDK talks to the hosts the SDK calls', async () => {
    const { result, root } = await scan({
      'src/pay.js': "const Pay = require('wechatpay-node-v3');\nmodule.exports = new Pay({});\n",
      Dockerfile: 'FROM node:20\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\n',
    });
    rmSync(root, { recursive: true, force: true });
    assert.deepEqual(
      result.findings.map((finding) => [finding.file, finding.line, finding.client, finding.hosts, finding.evidence[0]?.note]),
      [['Dockerfile', 2, 'dockerfile', ['api.mch.weixin.qq.com'], 'the project uses wechatpay-node-v3, which calls WeChat']],
    );
  });

  it('a project that never names WeChat gets no finding and no note', async () => {
    const { result, root } = await scan({
      'src/inventory.js': "module.exports = () => fetch('https://inventory.internal/items');\n",
      '.env': 'NODE_TLS_REJECT_UNAUTHORIZED=0\nNODE_OPTIONS=--use-openssl-ca\n',
    });
    rmSync(root, { recursive: true, force: true });
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.notes, []);
  });

  it('`# wechat-unpin-ignore-next-line` in the deployment file suppresses the setting', async () => {
    const { result, root } = await scan({
      'src/wx.js': WECHAT_CALL,
      '.env': '# wechat-unpin-ignore-next-line -- local sandbox only\nNODE_TLS_REJECT_UNAUTHORIZED=0\n',
    });
    rmSync(root, { recursive: true, force: true });
    assert.deepEqual(
      result.findings.map((finding) => [finding.status, finding.reason]),
      [['suppressed', 'suppressed-comment']],
    );
  });

  it('fix --fix-insecure leaves deployment files byte for byte as they were', async () => {
    const env = 'NODE_TLS_REJECT_UNAUTHORIZED=0\r\n';
    const { result, root } = await scan({ 'src/wx.js': WECHAT_CALL, '.env': env }, { command: 'fix', fixInsecure: true });
    const after = readFileSync(path.join(root, '.env'), 'utf8');
    rmSync(root, { recursive: true, force: true });
    assert.equal(after, env);
    assert.deepEqual(result.changes, []);
    assert.deepEqual(result.findings.map((finding) => finding.status), ['needs-review']);
  });

  it('trust-store options are notes in the JSON, text and Markdown reports', async () => {
    const { result, root } = await scan({
      'src/wx.js': WECHAT_CALL,
      Dockerfile: 'FROM node:20\nENV NODE_OPTIONS=--use-openssl-ca\n',
    });
    rmSync(root, { recursive: true, force: true });
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.notes.map((note) => [note.file, note.line, note.column]), [['Dockerfile', 2, 5]]);
    assert.match(result.notes[0]!.message, /^--use-openssl-ca in NODE_OPTIONS: Node trusts OpenSSL's CA store/);
    assert.deepEqual(JSON.parse(formatJson(result, CONTEXT)).notes, [{ file: 'Dockerfile', line: 2, column: 5, message: result.notes[0]!.message }]);
    assert.ok(formatText(result, CONTEXT).includes(`  Dockerfile:2:5 ${result.notes[0]!.message}`));
    assert.ok(formatMarkdown(result, CONTEXT).includes('### Trust-store settings'));
  });

  it('a Compose setting is reported in the Markdown review list with its reason', async () => {
    const { result, root } = await scan({
      'src/wx.js': WECHAT_CALL,
      'docker-compose.yml': 'services:\n  api:\n    image: app\n    environment:\n      - NODE_TLS_REJECT_UNAUTHORIZED=0\n',
    });
    rmSync(root, { recursive: true, force: true });
    assert.deepEqual(result.findings.map((finding) => [finding.file, finding.line, finding.client]), [['docker-compose.yml', 5, 'compose']]);
    assert.ok(result.sources['docker-compose.yml']?.includes('NODE_TLS_REJECT_UNAUTHORIZED'), 'the reports can quote the file');
    assert.match(formatMarkdown(result, CONTEXT), /deployment file turns checks off/);
  });
});

const noGit = spawnSync('git', ['--version']).status !== 0 ? 'git is not installed' : false;

describe('deployment files under --staged', { skip: noGit }, () => {
  it('reads the staged .env, and the unstaged code decides that the project talks to WeChat', async () => {
    const root = writeProject({ 'src/wx.js': WECHAT_CALL, '.env': 'NODE_TLS_REJECT_UNAUTHORIZED=0\n' });
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
    try {
      git('init', '-q');
      git('add', '.env');
      // On disk the setting is gone; the index, which is what the commit holds, still has it.
      writeFileSync(path.join(root, '.env'), 'NODE_TLS_REJECT_UNAUTHORIZED=1\n');
      const result = await run(defaultOptions(root, { staged: true }));
      assert.deepEqual(result.findings.map((finding) => [finding.file, finding.line, finding.reason, finding.hosts]), [
        ['.env', 1, 'deployment-setting', ['api.weixin.qq.com']],
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
