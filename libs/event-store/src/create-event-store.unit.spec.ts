import { loadEventStoreConfig } from './create-event-store';

describe('loadEventStoreConfig', () => {
  it('picks PostgreSQL for a postgres:// DATABASE_URL', () => {
    for (const url of ['postgres://u:p@db:5432/pagedesk', 'postgresql://db/pagedesk']) {
      expect(loadEventStoreConfig({ DATABASE_URL: ` ${url} ` })).toEqual({ kind: 'postgres', url });
    }
  });

  it('stays on the embedded SQLite file when DATABASE_URL is empty', () => {
    expect(loadEventStoreConfig({ DATABASE_URL: '', DATA_DIR: '/d' })).toMatchObject({
      kind: 'sqlite',
      file: '/d/events.db',
    });
  });

  it('refuses another scheme, and two stores at once, without echoing the URL', () => {
    const attempts = [
      { DATABASE_URL: 'mysql://u:hunter2@db/x' },
      { DATABASE_URL: 'postgres://u:hunter2@db/x', EVENTSTORE_CONNECTION_STRING: 'esdb://e:2113' },
    ];
    for (const env of attempts) {
      const error = (() => {
        try {
          loadEventStoreConfig(env);
        } catch (e) {
          return e as Error;
        }
      })();
      expect(error?.message).toMatch(/DATABASE_URL/);
      expect(error?.message).not.toContain('hunter2');
    }
  });
});
