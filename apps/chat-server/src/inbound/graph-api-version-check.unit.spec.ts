import { Logger } from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import type { Env } from '../config/env';
import type { ProcessRole } from '../processing/process-role';
import { GraphApiVersionCheck } from './graph-api-version-check';

const startWith = (url: string, now: string, role: ProcessRole = 'web') => {
  const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  const config = { get: () => url } as unknown as ConfigService<Env, true>;
  new GraphApiVersionCheck(config, { now: () => new Date(now) }, role).onApplicationBootstrap();
  return warn.mock.calls.map(([message]) => message);
};

describe('GraphApiVersionCheck at start', () => {
  afterEach(() => jest.restoreAllMocks());

  it('logs a warning when the configured version retires within 90 days', () => {
    expect(startWith('https://graph.facebook.com/v21.0', '2026-12-01T00:00:00Z')).toEqual([
      expect.stringContaining('Graph API v21.0 retires on 2027-01-21'),
    ]);
  });

  it('logs nothing for a version served long after today', () => {
    expect(startWith('https://graph.facebook.com/v25.0', '2026-12-01T00:00:00Z')).toEqual([]);
  });

  it('leaves the warning to the main process, not the processing worker', () => {
    expect(
      startWith('https://graph.facebook.com/v21.0', '2026-12-01T00:00:00Z', 'processor'),
    ).toEqual([]);
  });
});
