// A minimal CLI around the doctor command module, so tests can run `doctor` in a child process (with
// NODE_EXTRA_CA_CERTS and the loopback preload) before, and independently of, src/cli.ts.

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { doctorCommand } from '../../src/doctor/command.ts';

await yargs(hideBin(process.argv)).command(doctorCommand).strict().parseAsync();
