import { Command, InvalidArgumentError } from 'commander';
import { projectionNames } from '@pagedesk/read-models';
import { CliUsageError, openCliContext, type CliContext } from './cli-context';
import { auditCannedResponses, auditConversation, formatAudit } from './commands/audit';
import { exportEvents, parseDate } from './commands/export';
import { findItem, formatItems, readQuarantineBook, retryItems } from './commands/quarantine';
import { formatReplay, replay, selectProjections } from './commands/replay';
import { formatVerify, verify } from './commands/verify';

/** Opens the stores for one command and always closes them, so the process can exit. */
async function withContext(work: (context: CliContext) => Promise<number | void>): Promise<void> {
  const context = await openCliContext(process.env);
  try {
    const code = await work(context);
    if (code) process.exitCode = code;
  } finally {
    await context.close();
  }
}

const program = new Command('pagedesk')
  .description(
    'Audit, replay, verify and export Pagedesk events. Uses DATA_DIR (embedded store), DATABASE_URL (PostgreSQL) or EVENTSTORE_CONNECTION_STRING.',
  )
  .showHelpAfterError();

const audit = program
  .command('audit')
  .description('show the events of one entity, in order, with who caused each and why');

audit
  .command('conversation <id>')
  .description("a conversation's events: time, type, actor, correlation and causation ids")
  .option('--json', 'print JSON instead of a table')
  .action((id: string, options: { json?: boolean }) =>
    withContext(async ({ store }) => {
      const lines = await auditConversation(store, id);
      process.stdout.write(
        options.json
          ? `${JSON.stringify(lines, null, 2)}\n`
          : formatAudit(`conversation ${id}`, lines),
      );
    }),
  );

audit
  .command('canned-responses <tenantId>')
  .description("a tenant's canned responses: who created, changed or deleted each, and when")
  .option('--json', 'print JSON instead of a table')
  .action((tenantId: string, options: { json?: boolean }) =>
    withContext(async ({ store }) => {
      const lines = await auditCannedResponses(store, tenantId);
      process.stdout.write(
        options.json
          ? `${JSON.stringify(lines, null, 2)}\n`
          : formatAudit(`canned responses of ${tenantId}`, lines),
      );
    }),
  );

program
  .command('replay [projections...]')
  .description(
    `rebuild read models from position zero (default: all of ${projectionNames().join(', ')})`,
  )
  .option('--no-progress', 'no progress bar')
  .action((names: string[], options: { progress: boolean }) =>
    withContext(async ({ store, readModels }) => {
      const results = await replay(store, await readModels(), selectProjections(names), options);
      process.stdout.write(formatReplay(results));
    }),
  );

program
  .command('verify')
  .description('rebuild every read model into a fresh database and compare it with the live one')
  .action(() =>
    withContext(async ({ store, readModels }) => {
      const results = await verify(store, await readModels());
      process.stdout.write(formatVerify(results));
      return results.some((r) => r.difference) ? 1 : 0;
    }),
  );

const date = (option: string) => (text: string) => {
  try {
    return parseDate(option, text);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
};

program
  .command('export')
  .description('write the raw events recorded in [from, to) as NDJSON to stdout (legal hold)')
  .requiredOption('--from <date>', 'start, inclusive (ISO 8601)', date('from'))
  .requiredOption('--to <date>', 'end, exclusive (ISO 8601)', date('to'))
  .action((options: { from: number; to: number }) =>
    withContext(async ({ store }) => {
      const count = await exportEvents(store, options, process.stdout);
      process.stderr.write(`exported ${count} events\n`);
    }),
  );

const quarantine = program
  .command('quarantine')
  .description('items the reactors could not apply: list, show, retry (docs/processing.md)');

quarantine
  .command('list')
  .description('every quarantined item, newest first')
  .option('--all', 'include items already released')
  .option('--json', 'print JSON instead of a table')
  .action((options: { all?: boolean; json?: boolean }) =>
    withContext(async ({ store }) => {
      const items = (await readQuarantineBook(store)).list(
        options.all ? {} : { status: 'quarantined' },
      );
      process.stdout.write(
        options.json ? `${JSON.stringify(items, null, 2)}\n` : formatItems(items),
      );
    }),
  );

quarantine
  .command('show <id>')
  .description('one item as JSON: reason, error, delivery and update index, retries')
  .action((id: string) =>
    withContext(async ({ store }) => {
      const item = findItem(await readQuarantineBook(store), id);
      process.stdout.write(`${JSON.stringify(item, null, 2)}\n`);
    }),
  );

quarantine
  .command('retry [id]')
  .description('ask the running server to apply an item (or --all) again with its current code')
  .option('--all', 'every item still quarantined')
  .action((id: string | undefined, options: { all?: boolean }) =>
    withContext(async ({ store }) => {
      if (!id === !options.all) throw new CliUsageError('give one item id or --all');
      const book = await readQuarantineBook(store);
      const items = options.all ? book.list({ status: 'quarantined' }) : [findItem(book, id!)];
      const { requested, alreadyReleased } = await retryItems(store, items);
      process.stdout.write(
        `retry requested for ${requested} item(s)${alreadyReleased ? `, ${alreadyReleased} already released` : ''}\n`,
      );
    }),
  );

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof CliUsageError ? error.message : ((error as Error).stack ?? String(error))}\n`,
  );
  process.exitCode = error instanceof CliUsageError ? 2 : 1;
});
