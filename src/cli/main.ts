/** The `opsight` command: dispatches to one module per command. */
import { OpsightError } from '../core';
import { benchDetect } from './commands/bench-detect';
import { benchNab } from './commands/bench-nab';
import { benchScenarios } from './commands/bench-scenarios';
import { cost } from './commands/cost';
import { dashboard } from './commands/dashboard';
import { scan } from './commands/scan';
import { start } from './commands/start';
import { processIo, type CliIo } from './io';

const HELP = `opsight <command> [options]

Commands:
  start [--port P] [--data DIR] [--scenario FILE]
                       analyse a scenario on the embedded store, serve the dashboard and API (npm start)
  dashboard --region R [--profile P] [--api URL | --stack NAME] [--port P]
                       the dashboard for a deployed stack, its API calls signed with your credentials
  bench nab --data DIR --labels FILE --out DIR [--detector NAME]
                       run a detector over NAB-format data, score it, compare with references
  bench detect         detector throughput (points/s on one core) and state size per series
  bench scenarios [--dir DIR] [--json]
                       run the pipeline over labelled scenarios (default: the shipped suite) and
                       report recall, precision, root cause, delay, lead time, false insights
  scan --region R [--profile P] (--stack S ... | --tag K=V | --account) [--since 3d] [--step 1h] [--data DIR]
                       run the pipeline read-only against an AWS account into the embedded store
  cost [--resources lambda=1,dynamodb=1,ec2=1 | --region R (--stack S | --tag K=V | --account)]
       [--golden-minutes 5] [--capacity-minutes 60] [--mode single|distributed]
                       Opsight's modelled monthly AWS bill beside DevOps Guru's list price
  help                 this text

Environment: PORT (default 3000), OPSIGHT_DATA_DIR (default .opsight/data).`;

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start': {
      const running = await start(rest, io);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      io.err('Stopping…');
      await running.close();
      return 0;
    }
    case 'dashboard': {
      const running = await dashboard(rest, io);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      await running.close();
      return 0;
    }
    case 'bench': {
      const [what, ...args] = rest;
      if (what === 'nab') return benchNab(args, io);
      if (what === 'detect') return benchDetect(args, io);
      if (what === 'scenarios') return benchScenarios(args, io);
      io.err(`Unknown benchmark "${what ?? ''}": expected one of nab, detect, scenarios.`);
      return 2;
    }
    case 'scan':
      await scan(rest, io);
      return 0;
    case 'cost':
      await cost(rest, io);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(HELP);
      return 0;
    default:
      io.err(`Unknown command "${command}".\n\n${HELP}`);
      return 2;
  }
}

export async function run(argv: readonly string[]): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  try {
    process.exitCode = await main(argv);
  } catch (err) {
    if (err instanceof OpsightError) {
      processIo.err(`opsight: ${err.message}`);
      process.exitCode = 2;
    } else {
      processIo.err(`opsight: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exitCode = 1;
    }
  }
}
