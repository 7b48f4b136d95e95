// The yargs command for `wechat-unpin doctor [paths..]`; src/cli.ts registers it. Like every command it
// prints and sets process.exitCode, and never calls process.exit.

import pc from 'picocolors';
import { printable } from '../printable.ts';
import type { Argv, CommandModule } from 'yargs';

export interface DoctorArgs {
  paths: string[];
  online: boolean;
  format: 'text' | 'json';
  /** The global --color / --no-color, when the CLI defines one. */
  color?: boolean;
}

export const doctorCommand: CommandModule<object, DoctorArgs> = {
  command: 'doctor [paths..]',
  describe: "check this Node's trust store, the project's certificate files and TLS settings against WeChat's chain",
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('paths', { describe: 'files or folders to search for certificate files', type: 'string', array: true, default: ['.'] })
      .option('online', { describe: 'also GET api2.weixin.qq.com/testcert and api.weixin.qq.com with the default store', type: 'boolean', default: false })
      .option('format', { describe: 'report format', choices: ['text', 'json'] as const, default: 'text' as const }),
  handler: async (argv) => {
    // Loaded when doctor runs, so that scan and fix do not pay for it at start-up.
    const { doctorExitCode, DoctorUsageError, formatDoctorJson, formatDoctorText, runDoctor } = await import('./index.ts');
    let result;
    try {
      result = await runDoctor({ paths: argv.paths, cwd: process.cwd(), online: argv.online, env: process.env });
    } catch (error) {
      if (!(error instanceof DoctorUsageError)) throw error;
      process.stderr.write(`${printable(error.message)}\n`);
      process.exitCode = 2;
      return;
    }
    const color = argv.color ?? pc.isColorSupported;
    process.stdout.write(argv.format === 'json' ? formatDoctorJson(result) : formatDoctorText(result, color));
    process.exitCode = doctorExitCode(result);
  },
};
