// Deployment settings outside JS/TS (src/deploy/): per kind of file, exact spans on small inputs,
// the values that are not findings, trust-store notes, parse errors as entries; the corpus cases'
// deployment findings; discovery of the files; and the conventions of the kinds table.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { discoverDeploymentFiles, discoverFiles } from '../src/discover.ts';
import { DEPLOYMENT_FILE_NAMES, DEPLOYMENT_KINDS, type DeploymentScan, deploymentKindOf, findDeploymentSettings } from '../src/deploy/index.ts';
import { NAME_GATE } from '../src/deploy/files.ts';
import picomatch from 'picomatch';

const ROOT = path.resolve('/project');
const CORPUS = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));
const SOURCES = fileURLToPath(new URL('../src/deploy/kinds/', import.meta.url));

/** Scans files given by path relative to ROOT. */
function scan(files: Record<string, string>): DeploymentScan {
  return findDeploymentSettings(new Map(Object.entries(files).map(([name, text]) => [path.join(ROOT, name), text])));
}

function relative(file: string): string {
  return path.relative(ROOT, file).split(path.sep).join('/');
}

/** `file line:column-endLine:endColumn` for each setting. */
function settings(files: Record<string, string>): string[] {
  const result = scan(files);
  assert.deepEqual(result.errors, [], 'no file should fail to parse');
  for (const setting of result.settings) {
    assert.equal(setting.variable, 'NODE_TLS_REJECT_UNAUTHORIZED');
    assert.equal(setting.value, '0');
  }
  return result.settings.map((item) => `${relative(item.file)} ${item.line}:${item.column}-${item.endLine}:${item.endColumn}`);
}

/** `file line option via` for each trust-store note. */
function notes(files: Record<string, string>): string[] {
  return scan(files).notes.map((item) => `${relative(item.file)} ${item.line} ${item.option} ${item.via}`);
}

function errors(files: Record<string, string>): string[] {
  const result = scan(files);
  assert.deepEqual(result.settings, [], 'a file that does not parse yields no setting');
  return result.errors.map((item) => `${relative(item.file)}: ${item.message}`);
}

/** The column (1-based) where `needle` starts on `line` (1-based) of `text`: spans are checked against the text itself. */
function columnOf(text: string, line: number, needle: string): number {
  const at = text.split('\n')[line - 1]!.indexOf(needle);
  assert.ok(at >= 0, `line ${line} has no ${needle}`);
  return at + 1;
}

const SETTING = 'NODE_TLS_REJECT_UNAUTHORIZED';

describe('package.json scripts', () => {
  const packageJson = (scripts: Record<string, string>): string => JSON.stringify({ name: 'app', scripts }, null, 2) + '\n';

  test('a prefix, cross-env, npx cross-env, env -i, export and sh -c set the variable for the command', () => {
    const text = packageJson({
      start: `${SETTING}=0 node src/index.js`,
      dev: `cross-env NODE_ENV=development ${SETTING}=0 nodemon src/index.js`,
      npx: `npx cross-env ${SETTING}=0 node a.js`,
      env: `env -i PATH=/bin ${SETTING}=0 node a.js`,
      export: `export ${SETTING}=0 && node a.js`,
      shell: `sh -c '${SETTING}=0 node a.js'`,
      quoted: `${SETTING}='0' node a.js`,
    });
    const line = (n: number, needle: string, length: number) => `package.json ${n}:${columnOf(text, n, needle)}-${n}:${columnOf(text, n, needle) + length}`;
    assert.deepEqual(settings({ 'package.json': text }), [
      line(4, SETTING, 30),
      line(5, SETTING, 30),
      line(6, SETTING, 30),
      line(7, SETTING, 30),
      line(8, SETTING, 30),
      line(9, SETTING, 30),
      line(10, SETTING, 32),
    ]);
  });

  test('columns count the JSON escapes before the setting', () => {
    const text = packageJson({ start: `echo "a\\tb" && ${SETTING}=0 node a.js` });
    // JSON writes `"` as \" and `\t` as \\t: the raw column is past them.
    assert.deepEqual(settings({ 'package.json': text }), [`package.json 4:${columnOf(text, 4, SETTING)}-4:${columnOf(text, 4, SETTING) + 30}`]);
  });

  test('cmd.exe `set`: `set NAME=0&&` sets 0; `set NAME=0 &&` sets "0 ", which keeps checks on', () => {
    const text = packageJson({ win: `set ${SETTING}=0&& node a.js`, spaced: `set ${SETTING}=0 && node a.js` });
    assert.deepEqual(settings({ 'package.json': text }), [`package.json 4:${columnOf(text, 4, SETTING)}-4:${columnOf(text, 4, SETTING) + 30}`]);
  });

  test('not settings: other values, a bare shell variable, an unknown expansion, other keys', () => {
    const text = JSON.stringify({
      scripts: {
        a: `${SETTING}=false node a.js`,
        b: `${SETTING}=1 node a.js`,
        c: `${SETTING}=0; node a.js`, // a shell variable: node never sees it
        d: `${SETTING}=$TLS node a.js`,
        e: `echo ${SETTING}=0`,
        f: `"${SETTING}=0" node a.js`, // quoted: a command name, not an assignment
      },
      config: { [SETTING]: '0' },
    }, null, 2);
    assert.deepEqual(settings({ 'package.json': text }), []);
  });

  test('a default in an expansion is the value: ${TLS:-0}', () => {
    const text = packageJson({ start: `${SETTING}=\${TLS:-0} node a.js` });
    assert.deepEqual(settings({ 'package.json': text }).length, 1);
  });

  test('node --use-openssl-ca is a note, not a setting', () => {
    const text = packageJson({ start: 'node --use-openssl-ca src/index.js', sys: 'NODE_OPTIONS=--use-system-ca node a.js' });
    assert.deepEqual(settings({ 'package.json': text }), []);
    assert.deepEqual(notes({ 'package.json': text }), ['package.json 4 --use-openssl-ca command line', 'package.json 5 --use-system-ca NODE_OPTIONS']);
  });

  test('invalid JSON is an error entry with its place', () => {
    const [error] = errors({ 'package.json': `{\n  "scripts": { "start": "${SETTING}=0 node a.js", }\n}\n` });
    assert.match(error!, /^package\.json: not valid JSON: .* \(2:\d+\); its package\.json settings were not read$/);
  });
});

describe('.env files', () => {
  test('export, quotes, a trailing comment and a `: ` separator, as dotenv reads them', () => {
    const text = [
      'PORT=3000',
      `export ${SETTING}=0`,
      `${SETTING}="0" # temporary`,
    ].join('\n');
    // The last definition wins, as in dotenv: line 3.
    assert.deepEqual(settings({ '.env': text }), ['.env 3:1-3:33']);
    assert.deepEqual(settings({ '.env.production': `export ${SETTING}='0'\n` }), ['.env.production 1:8-1:40']);
    assert.deepEqual(settings({ 'app.env': `A=1\r\n${SETTING}: 0\r\n` }), ['app.env 2:1-2:32']);
  });

  test('not settings: a comment, a line inside a multi-line value, a later definition that keeps checks on, false', () => {
    assert.deepEqual(settings({ '.env': `# ${SETTING}=0\n` }), []);
    assert.deepEqual(settings({ '.env': `CERT="-----BEGIN\n${SETTING}=0\n-----END"\nA=1\n` }), []);
    assert.deepEqual(settings({ '.env': `${SETTING}=0\n${SETTING}=1\n` }), []);
    // The text of a multi-line value does not override a definition above it.
    assert.deepEqual(settings({ '.env': `${SETTING}=0\nNOTE="was:\n${SETTING}=1\n"\n` }), ['.env 1:1-1:31']);
    assert.deepEqual(settings({ '.env': `${SETTING}=false\n` }), []);
    assert.deepEqual(settings({ '.env': `${SETTING}=00\n` }), []);
  });

  test('NODE_EXTRA_CA_CERTS is a note', () => {
    assert.deepEqual(notes({ '.env': 'NODE_EXTRA_CA_CERTS=/etc/ssl/proxy.pem\n' }), ['.env 1 NODE_EXTRA_CA_CERTS NODE_EXTRA_CA_CERTS']);
  });
});

describe('Dockerfiles', () => {
  test('ENV key=value on a continuation line (with a comment line between), and the legacy form', () => {
    const text = [
      'FROM node:20',
      'ENV NODE_ENV=production \\',
      '# why',
      `    ${SETTING}=0`,
      `env ${SETTING} 0`,
    ].join('\n');
    assert.deepEqual(settings({ Dockerfile: text }), ['Dockerfile 4:5-4:35', 'Dockerfile 5:5-5:35']);
  });

  test('RUN prefixes, RUN exec form through env, CMD shell form, a heredoc script', () => {
    const text = [
      'FROM node:20',
      `RUN ${SETTING}=0 node scripts/fetch.js`,
      `RUN ["env", "${SETTING}=0", "node", "a.js"]`,
      `CMD ${SETTING}=0 node src/index.js`,
      'RUN <<EOF',
      `export ${SETTING}=0`,
      'node scripts/warm.js',
      'EOF',
      'RUN cat <<EOF > /app/later.sh',
      `${SETTING}=0 node a.js`,
      'EOF',
    ].join('\n');
    assert.deepEqual(settings({ 'worker.Dockerfile': text }), [
      'worker.Dockerfile 2:5-2:35',
      `worker.Dockerfile 3:${columnOf(text, 3, SETTING)}-3:${columnOf(text, 3, SETTING) + 30}`,
      'worker.Dockerfile 4:5-4:35',
      'worker.Dockerfile 6:8-6:38', // the heredoc body; the `cat` heredoc is file content, not a script
    ]);
  });

  test('ARG: a default is a setting for the RUNs of its stage; a global ARG only where a stage brings it in', () => {
    const text = [
      `ARG ${SETTING}=0`,
      'FROM node:20 AS build',
      `ARG ${SETTING}`,
      'RUN npm ci',
      'FROM node:20',
      'ARG TLS=0',
      `ENV ${SETTING}=\${TLS}`,
    ].join('\n');
    assert.deepEqual(settings({ Containerfile: text }), ['Containerfile 3:5-3:33', 'Containerfile 7:5-7:40']);
  });

  test('CMD runs with ENV values, not ARG values', () => {
    const text = ['FROM node:20', 'ARG A=0', 'ENV B=0', `CMD ${SETTING}=$A node a.js`, `CMD ${SETTING}=$B node a.js`].join('\n');
    assert.deepEqual(settings({ Dockerfile: text }), ['Dockerfile 5:5-5:36']);
  });

  test('a backtick escape directive joins lines as Windows images do', () => {
    const text = ['# escape=`', 'FROM node:20', 'ENV A=1 `', `    ${SETTING}=0`].join('\n');
    assert.deepEqual(settings({ Dockerfile: text }), ['Dockerfile 4:5-4:35']);
  });

  test('not settings: false, 1, a value from an unknown build argument', () => {
    const text = ['FROM node:20', `ENV ${SETTING}=false`, `ENV ${SETTING}=1`, 'ARG TLS', `ENV ${SETTING}=$TLS`].join('\n');
    assert.deepEqual(settings({ Dockerfile: text }), []);
  });

  test('NODE_OPTIONS and NODE_EXTRA_CA_CERTS are notes', () => {
    const text = ['FROM node:20', 'ENV NODE_OPTIONS="--max-old-space-size=512 --use-openssl-ca" \\', '    NODE_EXTRA_CA_CERTS=/certs/proxy.pem'].join('\n');
    assert.deepEqual(settings({ Dockerfile: text }), []);
    assert.deepEqual(notes({ Dockerfile: text }), ['Dockerfile 2 --use-openssl-ca NODE_OPTIONS', 'Dockerfile 3 NODE_EXTRA_CA_CERTS NODE_EXTRA_CA_CERTS']);
  });
});

describe('Compose files', () => {
  test('the list form and the map form', () => {
    const text = [
      'services:',
      '  api:',
      '    environment:',
      `      - ${SETTING}=0`,
      '  worker:',
      '    environment:',
      `      ${SETTING}: "0"`,
      '  plain:',
      '    environment:',
      `      ${SETTING}: 0`,
    ].join('\n');
    assert.deepEqual(settings({ 'docker-compose.yml': text }), ['docker-compose.yml 4:9-4:39', 'docker-compose.yml 7:7-7:40', 'docker-compose.yml 10:7-10:38']);
  });

  test('an anchor two services merge is one setting, at the anchor; an explicit key overrides a merged one', () => {
    const text = [
      'x-env: &env',
      `  ${SETTING}: "0"`,
      'services:',
      '  api:',
      '    environment:',
      '      <<: *env',
      '      PORT: "3000"',
      '  worker:',
      '    environment: *env',
      '  safe:',
      '    environment:',
      '      <<: *env',
      `      ${SETTING}: "1"`,
    ].join('\n');
    assert.deepEqual(settings({ 'compose.yaml': text }), ['compose.yaml 2:3-2:36']);
  });

  test('a service that merges the anchor and overrides the variable has no setting', () => {
    const text = ['x-env: &env', `  ${SETTING}: "0"`, 'services:', '  safe:', '    environment:', '      <<: *env', `      ${SETTING}: "1"`].join('\n');
    assert.deepEqual(settings({ 'compose.yaml': text }), []);
  });

  test('an anchor no service uses is no setting', () => {
    assert.deepEqual(settings({ 'compose.yaml': `x-env: &env\n  ${SETTING}: "0"\nservices:\n  api:\n    image: node\n` }), []);
  });

  test('interpolation defaults count; quotes in the list form are part of the value; a bare name comes from the shell', () => {
    const text = [
      'services:',
      '  a:',
      '    environment:',
      `      - ${SETTING}=\${TLS_REJECT:-0}`,
      `      - ${SETTING}="0"`,
      `      - ${SETTING}`,
      '  b:',
      '    environment:',
      `      ${SETTING}: \${TLS_REJECT}`,
    ].join('\n');
    assert.deepEqual(settings({ 'docker-compose.override.yml': text }), ['docker-compose.override.yml 4:9-4:54']);
  });

  test('command and entrypoint: an argv, read through sh -c and env', () => {
    const text = [
      'services:',
      '  a:',
      `    command: ["sh", "-c", "${SETTING}=0 node app.js"]`,
      '  b:',
      `    entrypoint: env ${SETTING}=0 node app.js`,
      '  c:',
      '    command: node --use-openssl-ca app.js',
    ].join('\n');
    assert.deepEqual(settings({ 'compose.yml': text }), [
      `compose.yml 3:${columnOf(text, 3, SETTING)}-3:${columnOf(text, 3, SETTING) + 30}`,
      `compose.yml 5:${columnOf(text, 5, SETTING)}-5:${columnOf(text, 5, SETTING) + 30}`,
    ]);
    assert.deepEqual(notes({ 'compose.yml': text }), ['compose.yml 7 --use-openssl-ca command line']);
  });

  test('NODE_TLS_REJECT_UNAUTHORIZED=1 and NODE_OPTIONS are not settings', () => {
    const text = `services:\n  a:\n    environment:\n      - ${SETTING}=1\n      - NODE_OPTIONS=--use-openssl-ca\n`;
    assert.deepEqual(settings({ 'compose.yml': text }), []);
    assert.deepEqual(notes({ 'compose.yml': text }), ['compose.yml 5 --use-openssl-ca NODE_OPTIONS']);
  });

  test('broken YAML is an error entry with its place', () => {
    const [error] = errors({ 'docker-compose.yml': `services:\n  api:\n    environment: [${SETTING}=0\n  db: {}\n` });
    assert.match(error!, /^docker-compose\.yml: not valid YAML: .+ \(\d+:\d+\); its compose settings were not read$/);
  });
});

describe('pm2 ecosystem files', () => {
  test('env and env_<name> blocks of the exported apps; numbers are strings to the process', () => {
    const text = [
      'module.exports = {',
      '  apps: [',
      "    { name: 'a', script: 'a.js', env: { NODE_ENV: 'development' }, env_production: {",
      `      ${SETTING}: '0',`,
      '    } },',
      `    { name: 'b', script: 'b.js', env: { ${SETTING}: 0 } },`,
      `    { name: 'c', script: 'c.js', env: { ${SETTING}: 'false' }, args: '${SETTING}=0' },`,
      '  ],',
      '};',
    ].join('\n');
    assert.deepEqual(settings({ 'ecosystem.config.js': text }), [
      'ecosystem.config.js 4:7-4:40',
      `ecosystem.config.js 6:${columnOf(text, 6, SETTING)}-6:${columnOf(text, 6, SETTING) + 31}`,
    ]);
  });

  test('names bound at the top of the file and spreads are followed; an env nobody exports is not read', () => {
    const text = [
      `const shared = { ${SETTING}: '0' };`,
      "const app = { name: 'a', env: { ...shared } };",
      `const unused = { env: { ${SETTING}: '0' } };`,
      'module.exports = { apps: [app] };',
    ].join('\n');
    assert.deepEqual(settings({ 'ecosystem.config.cjs': text }), ['ecosystem.config.cjs 1:18-1:51']);
  });

  test('export default, exports.apps, and the JSON form', () => {
    const one = (name: string, text: string, setting: string): void => {
      const column = columnOf(text, 1, setting);
      assert.deepEqual(settings({ [name]: text }), [`${name} 1:${column}-1:${column + setting.length}`]);
    };
    one('ecosystem.config.mjs', `export default { apps: [{ env: { ${SETTING}: '0' } }] };\n`, `${SETTING}: '0'`);
    one('ecosystem.config.js', `module.exports.apps = [{ env: { ${SETTING}: '0' } }];\n`, `${SETTING}: '0'`);
    one('ecosystem.json', `{ "apps": [{ "env": { "${SETTING}": "0" } }] }\n`, `"${SETTING}": "0"`);
  });

  test('a syntax error is an error entry with its place', () => {
    const [error] = errors({ 'ecosystem.config.js': `module.exports = {\n  apps: [{ env: { ${SETTING}: '0' }]\n};\n` });
    assert.match(error!, /^ecosystem\.config\.js: not valid JavaScript: .+ \(2:\d+\); its pm2 settings were not read$/);
  });
});

describe('Kubernetes manifests', () => {
  test('an env list entry in the second document: the span starts at `name` and ends after the value', () => {
    const text = [
      'apiVersion: v1',
      'kind: Service',
      'metadata: { name: a }',
      '---',
      'apiVersion: batch/v1',
      'kind: CronJob',
      'spec:',
      '  jobTemplate:',
      '    spec:',
      '      template:',
      '        spec:',
      '          containers:',
      '            - name: job',
      '              env:',
      `                - name: ${SETTING}`,
      '                  value: "0"',
      '                - name: OTHER',
      '                  valueFrom: { secretKeyRef: { name: s, key: k } }',
    ].join('\n');
    assert.deepEqual(settings({ 'k8s/cron.yaml': text }), ['k8s/cron.yaml 15:19-16:29']);
  });

  test('ConfigMap data, Secret stringData and base64 data, a chart values env map, anchors', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'data:',
      `  ${SETTING}: "0"`,
      '---',
      'apiVersion: v1',
      'kind: Secret',
      'stringData:',
      `  ${SETTING}: "0"`,
      'data:',
      `  ${SETTING}: MA==`,
    ].join('\n');
    assert.deepEqual(settings({ 'config.yml': text }), ['config.yml 4:3-4:36', 'config.yml 9:3-9:36', 'config.yml 11:3-11:37']);
    const values = ['common: &tls', `  - name: ${SETTING}`, '    value: "0"', 'api:', '  extraEnv: *tls', 'worker:', '  env:', `    ${SETTING}: "0"`].join('\n');
    assert.deepEqual(settings({ 'chart/values.yaml': values }), ['chart/values.yaml 2:5-3:15', 'chart/values.yaml 8:5-8:38']);
  });

  test('$(NAME) is expanded from the entries above it; an unknown one stays as written', () => {
    const text = [
      'kind: Pod',
      'spec:',
      '  containers:',
      '    - env:',
      '        - { name: TLS, value: "0" }',
      `        - { name: ${SETTING}, value: "$(TLS)" }`,
      `        - { name: ${SETTING}, value: "$(LATER)" }`,
      '        - { name: LATER, value: "0" }',
      `        - { name: ${SETTING}, value: "$$(TLS)" }`,
    ].join('\n');
    assert.deepEqual(settings({ 'pod.yaml': text }), ['pod.yaml 6:13-6:64']);
  });

  test('not settings: "1", "false", a $(VAR) reference, valueFrom', () => {
    const text = [
      'kind: Pod',
      'spec:',
      '  containers:',
      '    - env:',
      `        - { name: ${SETTING}, value: "1" }`,
      `        - { name: ${SETTING}, value: "false" }`,
      `        - { name: ${SETTING}, value: "$(TLS)" }`,
      `        - { name: ${SETTING}, valueFrom: { configMapKeyRef: { name: c, key: k } } }`,
    ].join('\n');
    assert.deepEqual(settings({ 'pod.yaml': text }), []);
  });

  test('NODE_OPTIONS=--use-system-ca is a note', () => {
    const text = `kind: Pod\nspec:\n  containers:\n    - env:\n        - name: NODE_OPTIONS\n          value: --use-system-ca\n`;
    assert.deepEqual(settings({ 'pod.yaml': text }), []);
    assert.deepEqual(notes({ 'pod.yaml': text }), ['pod.yaml 5 --use-system-ca NODE_OPTIONS']);
  });

  test('broken YAML that names the variable is an error entry; broken YAML that does not is not read at all', () => {
    const [error] = errors({ 'k8s/a.yaml': `kind: Pod\nspec: [\n  - name: ${SETTING}\n` });
    assert.match(error!, /^k8s\/a\.yaml: not valid YAML: .+ \(\d+:\d+\); its kubernetes settings were not read$/);
    assert.deepEqual(scan({ 'k8s/b.yaml': 'kind: Pod\nspec: [\n' }), { settings: [], notes: [], errors: [] });
  });
});

describe('file kinds', () => {
  test('each name goes to one kind', () => {
    const expected: Record<string, string | undefined> = {
      'package.json': 'package.json',
      '.env': 'dotenv',
      '.env.production': 'dotenv',
      'config/app.env': 'dotenv',
      Dockerfile: 'dockerfile',
      'Dockerfile.prod': 'dockerfile',
      'deploy/worker.Dockerfile': 'dockerfile',
      Containerfile: 'dockerfile',
      'Dockerfile.dockerignore': undefined,
      'docker-compose.yml': 'compose',
      'docker-compose.override.yaml': 'compose',
      'compose.yaml': 'compose',
      'ecosystem.config.js': 'pm2',
      'ecosystem.config.cjs': 'pm2',
      'ecosystem.json': 'pm2',
      'k8s/deployment.yaml': 'kubernetes',
      'values.yml': 'kubernetes',
      'pnpm-lock.yaml': undefined,
      'package-lock.json': undefined,
      'src/index.js': undefined,
    };
    for (const [name, kind] of Object.entries(expected)) assert.equal(deploymentKindOf(path.join(ROOT, name)), kind, name);
  });

  test('the name gate lets through every name a glob of the table matches', () => {
    const fillers = ['', 'x', '.', 'prod', 'a.b', '.env', '-', '\n', 'yml'];
    for (const { names } of DEPLOYMENT_FILE_NAMES) {
      for (const glob of names) {
        // The globs use `*`, `?` and at most one brace: other glob syntax would need the gate (and this test) taught.
        assert.doesNotMatch(glob, /[[\]()!+@]|\{[^}]*\{|\}.*\{/, glob);
        const matches = picomatch(glob, { dot: true });
        // `a.{b,c}` → `a.b`, `a.c` (one brace, as above).
        const brace = /\{([^}]*)\}/.exec(glob);
        const alternatives = brace ? brace[1]!.split(',').map((choice) => glob.replace(brace[0], choice)) : [glob];
        for (const alternative of alternatives) {
          for (const filler of fillers) {
            const name = alternative.replaceAll('*', filler).replaceAll('?', 'q');
            if (matches(name)) assert.match(name, NAME_GATE, `${JSON.stringify(name)} (${glob})`);
          }
        }
      }
    }
    // And the gate is what keeps picomatch away from ordinary names.
    for (const name of ['index.js', 'server.ts', 'wx-pay.mjs', 'README.md']) assert.doesNotMatch(name, NAME_GATE, name);
  });

  test('every kind has meta, a module file and file names; every file-name entry has a kind', () => {
    const modules = new Set(readdirSync(SOURCES).map((name) => name.replace(/\.ts$/, '')));
    const named = new Set(DEPLOYMENT_FILE_NAMES.map((entry) => entry.id));
    for (const kind of DEPLOYMENT_KINDS) {
      assert.ok(kind.meta.description.length > 0, `${kind.meta.id} has no description`);
      assert.ok(modules.has(kind.meta.id.replace('.', '-')), `no src/deploy/kinds/${kind.meta.id.replace('.', '-')}.ts`);
      assert.ok(named.has(kind.meta.id), `${kind.meta.id} has no entry in DEPLOYMENT_FILE_NAMES`);
    }
    assert.deepEqual([...named].sort(), DEPLOYMENT_KINDS.map((kind) => kind.meta.id).sort());
  });
});

describe('corpus cases', () => {
  interface CaseSpec {
    findings: { file: string; line: number; reason?: string }[];
  }
  /** The settings of eco-neg-deploy-no-wechat: found here, dropped by the pipeline (the project never talks to WeChat). */
  const NO_WECHAT = ['.env:2', 'Dockerfile:5', 'docker-compose.yml:5', 'ecosystem.config.js:2', 'k8s/deployment.yaml:12', 'package.json:5'];
  /** The notes of eco-neg-deploy-trust-store-options: none of them is a finding. */
  const TRUST_STORE = ['Dockerfile:5 --use-openssl-ca', 'Dockerfile:6 NODE_EXTRA_CA_CERTS', 'k8s/deployment.yaml:12 --use-system-ca', 'package.json:5 --use-openssl-ca'];
  const cases = readdirSync(CORPUS).filter((name) => /^eco-(neg-)?deploy-/.test(name));

  test('the deployment cases are there', () => {
    assert.ok(cases.length >= 9, `only ${cases.length} eco-deploy cases`);
  });

  for (const name of cases) {
    test(`${name}: exactly the case's deployment findings`, () => {
      const input = path.join(CORPUS, name, 'input');
      const files = new Map<string, string>();
      const walk = (dir: string): void => {
        for (const entry of readdirSync(dir)) {
          const file = path.join(dir, entry);
          if (statSync(file).isDirectory()) walk(file);
          else files.set(file, readFileSync(file, 'utf8'));
        }
      };
      walk(input);
      const spec = JSON.parse(readFileSync(path.join(CORPUS, name, 'case.json'), 'utf8')) as CaseSpec;
      const result = findDeploymentSettings(files);
      const place = (file: string, line: number): string => `${path.relative(input, file).split(path.sep).join('/')}:${line}`;
      const expected = name === 'eco-neg-deploy-no-wechat' ? NO_WECHAT : spec.findings.filter((item) => item.reason === 'deployment-setting').map((item) => `${item.file}:${item.line}`);
      assert.deepEqual(result.errors, []);
      assert.deepEqual(result.settings.map((item) => place(item.file, item.line)).sort(), expected.sort());
      if (name === 'eco-neg-deploy-trust-store-options') {
        assert.deepEqual(result.notes.map((item) => `${place(item.file, item.line)} ${item.option}`).sort(), TRUST_STORE);
      }
    });
  }
});

describe('discovery', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'wechat-unpin-deploy-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const write = (files: Record<string, string>): void => {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), text);
    }
  };
  const names = (files: string[]): string[] => files.map((file) => path.relative(root, file).split(path.sep).join('/'));
  write({
    '.gitignore': '.env.local\ndist/\n',
    '.env': '',
    '.env.production': '',
    '.env.local': '', // git-ignored: not committed
    'package.json': '{}',
    'Dockerfile': '',
    'deploy/worker.Dockerfile': '',
    'docker-compose.yml': '',
    'ecosystem.config.js': '',
    'k8s/deployment.yaml': '',
    'pnpm-lock.yaml': '',
    'src/index.js': '',
    'dist/Dockerfile': '',
    'legacy/Dockerfile': '',
    'node_modules/x/package.json': '{}',
    '.git/.env': '',
    '.github/workflows/ci.yml': '',
    'test/.env': '',
    'fixtures/app/package.json': '{}',
  });

  test('finds the deployment files with the rules of source discovery, dotfiles included, dot folders not entered', async () => {
    const found = await discoverDeploymentFiles({ paths: ['.'], cwd: root, ignore: ['legacy/**'], includeTests: false });
    assert.deepEqual(names(found), [
      '.env',
      '.env.production',
      'Dockerfile',
      'deploy/worker.Dockerfile',
      'docker-compose.yml',
      'ecosystem.config.js',
      'k8s/deployment.yaml',
      'package.json',
    ]);
  });

  test('test folders come back with includeTests; a file named explicitly is always taken; staged files are filtered', async () => {
    const withTests = await discoverDeploymentFiles({ paths: ['.'], cwd: root, ignore: [], includeTests: true });
    assert.ok(names(withTests).includes('test/.env') && names(withTests).includes('fixtures/app/package.json'));
    assert.deepEqual(names(await discoverDeploymentFiles({ paths: ['.env.local', 'src/index.js'], cwd: root, ignore: [], includeTests: false })), ['.env.local']);
    const only = new Set(['.env', 'src/index.js', 'Dockerfile', 'node_modules/x/package.json'].map((name) => path.join(root, name)));
    assert.deepEqual(names(await discoverDeploymentFiles({ paths: ['.'], cwd: root, ignore: [], includeTests: false, only })), ['.env', 'Dockerfile']);
  });

  test('source discovery is unchanged', async () => {
    assert.deepEqual(names(await discoverFiles({ paths: ['.'], cwd: root, ignore: [], includeTests: false })), ['ecosystem.config.js', 'src/index.js']);
  });
});
