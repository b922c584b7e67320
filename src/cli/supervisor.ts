import { localCommand } from './local';

/**
 * Entry point of the background supervisor started by `local up --detach`: only the `local` command group is loaded
 * (not `size`/`describe`), to keep the long-running process small.
 */
localCommand()
  .parseAsync(process.argv)
  .catch((e: Error) => {
    process.stderr.write(`error: ${e.message}\n`);
    process.exit(1);
  });
