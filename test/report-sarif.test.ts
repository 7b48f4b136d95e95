import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type * as Sarif from 'sarif';
import { buildSarifLog, changeReplacements, formatSarif, lineHashes } from '../src/report/sarif.ts';
import type { RunResult } from '../src/types.ts';
import { CLIENT_AFTER, CLIENT_BEFORE, context, finding, runResult } from './helpers/run-result.ts';
import { schemaValidator } from './helpers/sarif-schema.ts';

const PAY_SOURCE = [
  "import https from 'node:https';",
  '',
  'const agent = new https.Agent({',
  '  rejectUnauthorized: false,',
  '});',
  '',
  '// wechat-unpin-ignore-next-line -- staging uses an internal CA',
  "const staging = new https.Agent({ ca: readFileSync('internal.pem') });",
  '',
].join('\r\n');

/** Every status, evidence, a certificate, a parse error, a CRLF file and a path that needs encoding. */
function sampleRun(overrides: Partial<RunResult> = {}): RunResult {
  return runResult({
    findings: [
      finding({
        id: '3f1c0a',
        file: 'src/wx client.ts',
        line: 10,
        column: 5,
        endColumn: 7,
        evidence: [{ file: 'src/config.ts', line: 3, note: 'host constant WX_API' }],
        certificate: {
          file: 'certs/wx-root.pem',
          subject: 'CN=Baltimore CyberTrust Root',
          issuer: 'CN=Baltimore CyberTrust Root',
          notAfter: '2025-05-12T23:59:00Z',
          expired: true,
          abandonedRoot: 'Baltimore CyberTrust Root',
        },
      }),
      finding({
        id: '77aa01',
        file: 'src/pay.ts',
        line: 4,
        column: 3,
        endColumn: 21,
        kind: 'insecure-tls',
        status: 'needs-review',
        reason: 'mixed-hosts',
        hosts: ['api.mch.weixin.qq.com', 'internal.example.com'],
        client: 'node:https',
        message: 'Certificate checks are off for api.mch.weixin.qq.com and a non-WeChat host.',
      }),
      finding({
        id: '91bb02',
        file: 'src/pay.ts',
        line: 8,
        column: 35,
        endColumn: 37,
        status: 'suppressed',
        reason: 'suppressed-comment',
      }),
    ],
    changes: [{ file: 'src/wx client.ts', before: CLIENT_BEFORE, after: CLIENT_AFTER }],
    errors: [{ file: 'src/broken.js', message: 'Unexpected token (4:7)' }],
    sources: { 'src/wx client.ts': CLIENT_BEFORE, 'src/pay.ts': PAY_SOURCE },
    ...overrides,
  });
}

/** Applies SARIF replacements (regions on the original text, in order, not overlapping) to `text`. */
function applyReplacements(text: string, replacements: Sarif.Replacement[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (line: number | undefined, column: number | undefined): number => {
    const start = starts[(line ?? 1) - 1];
    assert.notEqual(start, undefined, `line ${line} exists`);
    return (start ?? 0) + (column ?? 1) - 1;
  };
  let out = '';
  let cursor = 0;
  for (const r of replacements) {
    const from = offset(r.deletedRegion.startLine, r.deletedRegion.startColumn);
    const to = offset(r.deletedRegion.endLine, r.deletedRegion.endColumn);
    assert.ok(from >= cursor && to >= from, 'replacements are ordered and do not overlap');
    out += text.slice(cursor, from) + (r.insertedContent?.text ?? '');
    cursor = to;
  }
  return out + text.slice(cursor);
}

describe('formatSarif', () => {
  it('validates against the SARIF 2.1.0 schema', () => {
    const validate = schemaValidator();
    for (const run of [sampleRun(), sampleRun({ command: 'fix', dryRun: true }), runResult({ findings: [] })]) {
      const log: unknown = JSON.parse(formatSarif(run, context));
      assert.deepEqual(validate(log), []);
    }
  });

  it('the schema check is not vacuous: a result without a message is rejected', () => {
    const log = buildSarifLog(sampleRun(), context);
    const broken = JSON.parse(JSON.stringify(log)) as { runs: { results: Record<string, unknown>[] }[] };
    delete broken.runs[0]?.results[0]?.['message'];
    assert.notDeepEqual(schemaValidator()(broken), []);
  });

  it('describes the tool and one rule per finding kind, with GitHub severity and help', () => {
    const log = buildSarifLog(sampleRun(), context);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema ?? '', /sarif-2\.1\.0\.json$/);
    const driver = log.runs[0]?.tool.driver;
    assert.equal(driver?.name, 'wechat-unpin');
    assert.equal(driver?.version, '0.1.0');
    assert.match(driver?.informationUri ?? '', /^https:\/\//);
    const rules = driver?.rules ?? [];
    assert.deepEqual(
      rules.map((r) => [r.id, r.properties?.['security-severity'], r.defaultConfiguration?.level]),
      [
        ['pinned-ca', '5.0', 'warning'],
        ['insecure-tls', '7.5', 'error'],
      ],
    );
    for (const rule of rules) {
      assert.ok(rule.name && rule.shortDescription?.text && rule.fullDescription?.text);
      assert.match(rule.help?.text ?? '', /testcert/);
      assert.match(rule.help?.markdown ?? '', /\*\*Fix:\*\*/);
      assert.ok((rule.properties?.tags as string[]).includes('security'));
    }
  });

  it('maps each finding to a result with level, region, relative URI and fingerprints', () => {
    const log = buildSarifLog(sampleRun(), context, { includeSuppressed: true });
    const run = log.runs[0];
    assert.deepEqual(run?.originalUriBaseIds?.['%SRCROOT%'], { uri: 'file:///home/dev/shop/' });
    const [pinned, insecure, suppressed] = run?.results ?? [];
    assert.equal(pinned?.ruleId, 'pinned-ca');
    assert.equal(pinned?.level, 'warning');
    assert.equal(
      pinned?.message.text,
      'CA pinned for api.weixin.qq.com: the pinned root replaces the system trust store. Evidence: [host constant WX_API](1); ' +
        '[Pinned certificate: CN=Baltimore CyberTrust Root (expired 2025-05-12T23:59:00Z; Baltimore CyberTrust Root is a root WeChat no longer uses)](2).',
    );
    const location = pinned?.locations?.[0]?.physicalLocation;
    assert.deepEqual(location?.artifactLocation, { uri: 'src/wx%20client.ts', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(
      { ...location?.region, snippet: undefined },
      { startLine: 10, startColumn: 5, endLine: 10, endColumn: 7, snippet: undefined },
    );
    assert.equal(location?.region?.snippet?.text, 'ca');
    assert.deepEqual(pinned?.fingerprints, { 'wechatUnpinFindingId/v1': '3f1c0a' });
    assert.match(pinned?.correlationGuid ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(pinned?.correlationGuid, buildSarifLog(sampleRun(), context).runs[0]?.results?.[0]?.correlationGuid);
    assert.equal(pinned?.partialFingerprints?.['primaryLocationLineHash'], lineHashes(CLIENT_BEFORE)[9]);
    // Evidence and the certificate file become related locations.
    assert.deepEqual(
      pinned?.relatedLocations?.map((l) => l.physicalLocation?.artifactLocation?.uri),
      ['src/config.ts', 'certs/wx-root.pem'],
    );
    assert.match(pinned?.relatedLocations?.[1]?.message?.text ?? '', /Baltimore CyberTrust Root.*expired/);

    // needs-review keeps the rule's level: the fix is uncertain, the risk is not smaller.
    assert.equal(insecure?.ruleId, 'insecure-tls');
    assert.equal(insecure?.level, 'error');
    assert.equal(insecure?.properties?.['status'], 'needs-review');
    assert.equal(insecure?.fixes, undefined);
    // CRLF source: the hash is the same as for the LF text, as GitHub normalises line endings.
    assert.equal(insecure?.partialFingerprints?.['primaryLocationLineHash'], lineHashes(PAY_SOURCE.replaceAll('\r\n', '\n'))[3]);

    assert.deepEqual(suppressed?.suppressions, [
      {
        kind: 'inSource',
        status: 'accepted',
        justification: 'staging uses an internal CA',
        location: { physicalLocation: { artifactLocation: { uri: 'src/pay.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 7 } } },
      },
    ]);
    assert.equal(pinned?.suppressions, undefined);
  });

  it('reports parse errors as tool notifications without failing the run', () => {
    const invocation = buildSarifLog(sampleRun(), context).runs[0]?.invocations?.[0];
    assert.equal(invocation?.executionSuccessful, true);
    assert.deepEqual(
      invocation?.toolExecutionNotifications?.map((n) => [n.level, n.message.text, n.locations?.[0]?.physicalLocation?.artifactLocation?.uri]),
      [['error', 'Unexpected token (4:7)', 'src/broken.js']],
    );
  });

  it('gives a fixable finding the file change as replacements that turn before into after', () => {
    const fix = buildSarifLog(sampleRun(), context).runs[0]?.results?.[0]?.fixes?.[0];
    const change = fix?.artifactChanges[0];
    assert.equal(change?.artifactLocation.uri, 'src/wx%20client.ts');
    // One replacement per hunk: the fs import, the ca loader (and the blank line after it), the property.
    assert.deepEqual(
      change?.replacements.map((r) => [r.deletedRegion.startLine, r.deletedRegion.endLine]),
      [
        [1, 2],
        [5, 7],
        [10, 11],
      ],
    );
    assert.equal(applyReplacements(CLIENT_BEFORE, change?.replacements ?? []), CLIENT_AFTER);
  });

  it('computes replacements for CRLF text, insertions, a missing final newline and a BOM', () => {
    const cases: [string, string][] = [
      [CLIENT_BEFORE.replaceAll('\n', '\r\n'), CLIENT_AFTER.replaceAll('\n', '\r\n')],
      ['a\nb\nc', 'a\nc'],
      ['a\nb\nc', 'a\nb'],
      ['a\nb', 'a\nb\n'],
      ['a\nc\n', 'a\nb\nc\n'],
      ['\uFEFFconst ca = 1;\nuse(ca);\n', '\uFEFFuse(ca);\n'],
      ['one line', ''],
    ];
    for (const [before, after] of cases) {
      const replacements = changeReplacements(before, after);
      // The BOM is not part of a region's text; a consumer keeps it in front.
      const bom = before.startsWith('\uFEFF') ? '\uFEFF' : '';
      assert.equal(bom + applyReplacements(before.slice(bom.length), replacements), after, JSON.stringify([before, after]));
    }
    const [insertion] = changeReplacements('a\nc\n', 'a\nb\nc\n');
    assert.deepEqual(insertion, {
      deletedRegion: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 1 },
      insertedContent: { text: 'b\n' },
    });
  });

  it('says when one file change fixes several findings', () => {
    const run = sampleRun();
    run.findings.push(finding({ id: 'x2', file: 'src/wx client.ts', line: 5, column: 7, endColumn: 9 }));
    const results = buildSarifLog(run, context).runs[0]?.results ?? [];
    assert.match(results[0]?.fixes?.[0]?.description?.text ?? '', /1 other finding\b/);
    assert.deepEqual(results[0]?.fixes, results[2]?.fixes);
  });

  it('leaves out findings a real fix run removed from disk, and counts them', () => {
    const fixed = finding({ file: 'src/wx client.ts', line: 10, status: 'fixed' });
    const fixRun = runResult({ command: 'fix', findings: [fixed], sources: { 'src/wx client.ts': CLIENT_BEFORE } });
    const run = buildSarifLog(fixRun, context).runs[0];
    assert.deepEqual(run?.results, []);
    assert.equal(run?.properties?.['fixedFindings'], 1);
    // Under --dry-run nothing was written, so the finding is still there and carries its fix.
    const dry = buildSarifLog(
      { ...fixRun, dryRun: true, changes: [{ file: 'src/wx client.ts', before: CLIENT_BEFORE, after: CLIENT_AFTER }] },
      context,
    ).runs[0];
    assert.equal(dry?.results?.length, 1);
    assert.ok(dry?.results?.[0]?.fixes);
  });

  it('leaves suppressed findings out by default (GitHub would show them as open alerts), and counts them', () => {
    const run = buildSarifLog(sampleRun(), context).runs[0];
    assert.deepEqual(run?.results?.map((r) => r.fingerprints?.['wechatUnpinFindingId/v1']), ['3f1c0a', '77aa01']);
    assert.equal(run?.properties?.['suppressedFindings'], 1);
    assert.equal(run?.properties?.['fixedFindings'], 0);
    const all = buildSarifLog(sampleRun(), context, { includeSuppressed: true }).runs[0];
    assert.equal(all?.results?.length, 3);
    assert.equal(all?.properties?.['suppressedFindings'], 0);
  });

  it("places a suppression at the finding's own comment: a statement's first line, with its reason", () => {
    const suppressed = finding({
      file: 'src/pay.ts',
      line: 8,
      status: 'suppressed',
      reason: 'suppressed-comment',
      suppression: { line: 2, column: 3, justification: 'our gateway' },
    });
    const result = buildSarifLog(runResult({ findings: [suppressed], sources: { 'src/pay.ts': PAY_SOURCE } }), context, { includeSuppressed: true }).runs[0]
      ?.results?.[0];
    assert.deepEqual(result?.suppressions, [
      {
        kind: 'inSource',
        status: 'accepted',
        justification: 'our gateway',
        location: { physicalLocation: { artifactLocation: { uri: 'src/pay.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 2, startColumn: 3 } } },
      },
    ]);
  });

  it('names a category per shard in automationDetails.id, ending in `/` (no run id)', () => {
    assert.deepEqual(buildSarifLog(sampleRun(), context).runs[0]?.automationDetails, { id: 'wechat-unpin/' });
    assert.deepEqual(buildSarifLog(sampleRun({ shard: { index: 2, count: 4 } }), context).runs[0]?.automationDetails, {
      id: 'wechat-unpin/shard-2-of-4/',
    });
    assert.deepEqual(schemaValidator()(JSON.parse(formatSarif(sampleRun({ shard: { index: 2, count: 4 } }), context))), []);
  });

  it('links every related location from the message by its id, brackets of the text escaped', () => {
    const odd = finding({
      file: 'src/a.ts',
      line: 3,
      message: 'CA pinned for [x]',
      evidence: [
        { file: 'src/b.ts', line: 4, note: 'host from cfg[key]' },
        { file: 'src/c.ts', line: 9, note: 'also serves cdn.example.com' },
      ],
    });
    const result = buildSarifLog(runResult({ findings: [odd] }), context).runs[0]?.results?.[0];
    assert.equal(result?.message.text, 'CA pinned for \\[x\\]. Evidence: [host from cfg\\[key\\]](1); [also serves cdn.example.com](2).');
    assert.deepEqual(
      result?.relatedLocations?.map((l) => [l.id, l.physicalLocation?.artifactLocation?.uri, l.physicalLocation?.region?.startLine, l.message?.text]),
      [
        [1, 'src/b.ts', 4, 'host from cfg[key]'],
        [2, 'src/c.ts', 9, 'also serves cdn.example.com'],
      ],
    );
  });

  it('gives no fix to a finding the change leaves (an insecure setting without --fix-insecure)', () => {
    const pin = finding({ id: 'pin', file: 'src/wx client.ts', line: 10 });
    const insecure = finding({ id: 'off', file: 'src/wx client.ts', line: 11, kind: 'insecure-tls' });
    const run = runResult({
      findings: [pin, insecure],
      changes: [{ file: 'src/wx client.ts', before: CLIENT_BEFORE, after: CLIENT_AFTER, fixes: ['pin'] }],
      sources: { 'src/wx client.ts': CLIENT_BEFORE },
    });
    const [pinResult, insecureResult] = buildSarifLog(run, context).runs[0]?.results ?? [];
    assert.equal(pinResult?.fixes?.[0]?.description?.text, "Apply wechat-unpin's change to src/wx client.ts.");
    assert.equal(insecureResult?.fixes, undefined);
  });

  it('omits the line hash when the source text is missing, leaving it to the upload action', () => {
    const log = buildSarifLog(sampleRun({ sources: {} }), context);
    assert.equal(log.runs[0]?.results?.[0]?.partialFingerprints, undefined);
  });
});

describe('lineHashes (GitHub primaryLocationLineHash)', () => {
  // Expected values are the published test vectors of github/codeql-action's fingerprinting.
  it('matches the reference hashes', () => {
    assert.deepEqual(lineHashes(''), ['c129715d7a2bc9a3:1']);
    assert.deepEqual(lineHashes(' a\nb\n  \t\tc\n d'), [
      '271789c17abda88f:1',
      '54703d4cd895b18:1',
      '180aee12dab6264:1',
      'a23a3dc5e078b07b:1',
    ]);
    const expected = [
      'e9496ae3ebfced30:1',
      'fb7c023a8b9ccb3f:1',
      'ce8ba1a563dcdaca:1',
      'e20e36e16fcb0cc8:1',
      'b3edc88f2938467e:1',
      'c8e28b0b4002a3a0:1',
      'c129715d7a2bc9a3:1',
    ];
    // LF, CR, CRLF and mixed endings hash alike.
    assert.deepEqual(lineHashes(' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n'), expected);
    assert.deepEqual(lineHashes(' hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r'), expected);
    assert.deepEqual(lineHashes(' hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n'), expected);
    assert.deepEqual(lineHashes(' hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n'), expected);
  });

  it('counts repeated hashes', () => {
    assert.deepEqual(lineHashes('Lorem ipsum dolor sit amet.\n'.repeat(10)), [
      'a7f2ff13bc495cf2:1',
      'a7f2ff13bc495cf2:2',
      'a7f2ff13bc495cf2:3',
      'a7f2ff13bc495cf2:4',
      'a7f2ff13bc495cf2:5',
      'a7f2ff13bc495cf2:6',
      'a7f2ff1481e87703:1',
      'a9cf91f7bbf1862b:1',
      '55ec222b86bcae53:1',
      'cc97dc7b1d7d8f7b:1',
      'c129715d7a2bc9a3:1',
    ]);
  });
});

/** The Sarif.Multitool binary: $SARIF_MULTITOOL, or the one npm's @microsoft/sarif-multitool installs. */
function findMultitool(): { path: string } | { skip: string } {
  const fromEnv = process.env['SARIF_MULTITOOL'];
  if (fromEnv) return existsSync(fromEnv) ? { path: fromEnv } : { skip: `SARIF_MULTITOOL=${fromEnv} does not exist` };
  try {
    // The package's main module exports the path of the platform binary.
    const path = createRequire(import.meta.url)('@microsoft/sarif-multitool') as unknown;
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { skip: '@microsoft/sarif-multitool is installed but has no binary for this platform' };
  } catch {
    return {
      skip: 'sarif-multitool not found: add devDependency @microsoft/sarif-multitool or set SARIF_MULTITOOL to the Sarif.Multitool binary',
    };
  }
}

describe('sarif-multitool validate', () => {
  const tool = findMultitool();
  it('finds no errors or warnings, GitHub rules included', { skip: 'skip' in tool ? tool.skip : false }, () => {
    if (!('path' in tool)) return;
    const dir = mkdtempSync(join(tmpdir(), 'wechat-unpin-sarif-'));
    try {
      const input = join(dir, 'report.sarif');
      const output = join(dir, 'validation.sarif');
      writeFileSync(input, formatSarif(sampleRun(), context));
      // Rule kinds: the SARIF spec's rules plus GitHub's ingestion rules (Gh).
      const args = ['validate', input, '--output', output, '--log', 'ForceOverwrite', '--rule-kind', 'Sarif;Gh', '--level', 'Error;Warning'];
      // Invariant globalization lets the .NET binary run where libicu is missing.
      const env = { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' };
      const run = spawnSync(tool.path, args, { encoding: 'utf8', timeout: 120_000, env });
      assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
      // The validator exits 0 even when it reports problems; they are results in its own SARIF log.
      const report = JSON.parse(readFileSync(output, 'utf8')) as Sarif.Log;
      const problems = (report.runs[0]?.results ?? []).map((r) => `${r.ruleId}: ${JSON.stringify(r.message.arguments)}`);
      assert.deepEqual(problems, [], run.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
