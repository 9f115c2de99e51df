/** Entry point of the `yima` command (also `npm start`, which runs `yima serve`). */
import { runCli } from './cli/yima.ts';

process.exitCode = await runCli(process.argv);
