import { getMetadataStorage } from 'class-validator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Env } from './env';

const ROOT = join(__dirname, '../../../..');

/** Every variable the server reads: each property of Env carries validation metadata. */
const readByServer = (): string[] => [
  ...new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(Env, '', true, false)
      .map((m) => m.propertyName),
  ),
];

/** `VAR=value` lines of .env.example; `# VAR=` marks a variable unset by default. */
function exampleEntries(): Map<string, { value: string; commented: boolean }> {
  const text = readFileSync(join(ROOT, '.env.example'), 'utf8');
  const entries = new Map<string, { value: string; commented: boolean }>();
  for (const match of text.matchAll(/^(# )?([A-Z][A-Z0-9_]*)=(.*)$/gm)) {
    entries.set(match[2]!, { value: match[3]!, commented: match[1] !== undefined });
  }
  return entries;
}

/** The variables named in the first column of the README's Configuration table. */
function readmeVariables(): Set<string> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split('## Configuration')[1]!.split('\n## ')[0]!;
  const firstColumns = section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split('|')[1]!);
  return new Set(
    firstColumns.flatMap((cell) => [...cell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!)),
  );
}

describe('every configuration variable is documented with its default', () => {
  const variables = readByServer();
  const defaults = new Env() as unknown as Record<string, unknown>;

  it('finds the variables the server reads', () => {
    expect(variables).toEqual(expect.arrayContaining(['PORT', 'MESSENGER_GRAPH_API_URL', 'DEMO']));
  });

  it('.env.example lists each one, set to its default or commented out when it has none', () => {
    const entries = exampleEntries();
    const documented = Object.fromEntries(
      variables.map((name) => {
        const entry = entries.get(name);
        if (!entry) return [name, 'missing'];
        return [name, entry.commented ? undefined : entry.value];
      }),
    );
    const expected = Object.fromEntries(
      variables.map((name) => [
        name,
        defaults[name] === undefined ? undefined : String(defaults[name]),
      ]),
    );

    expect(documented).toEqual(expected);
  });

  it('.env.example names nothing the server does not read', () => {
    expect([...exampleEntries().keys()].filter((name) => !variables.includes(name))).toEqual([]);
  });

  it('the README table names the same variables', () => {
    expect([...readmeVariables()].sort()).toEqual([...variables].sort());
  });
});
