import {
  DEFAULT_GRAPH_API_URL,
  GRAPH_API_VERSIONS,
  graphApiVersionOf,
  graphApiVersionWarning,
} from './graph-api-versions';

const at = (iso: string) => new Date(`${iso}T12:00:00Z`);
const url = (version: string) => `https://graph.facebook.com/${version}`;

describe('Graph API versions', () => {
  it('reads the version from the last segment of the URL, with or without a trailing slash', () => {
    expect(graphApiVersionOf('https://graph.facebook.com/v25.0/')).toBe('v25.0');
    expect(graphApiVersionOf('http://127.0.0.1:4123/simulator/graph/v21.0')).toBe('v21.0');
    expect(graphApiVersionOf('https://graph.facebook.com')).toBeUndefined();
  });

  it('defaults to a version that is served for more than 90 days from today', () => {
    expect(graphApiVersionWarning(DEFAULT_GRAPH_API_URL, at('2026-12-01'))).toBeUndefined();
  });

  it('warns within 90 days of a retirement, naming the date and the days left', () => {
    expect(graphApiVersionWarning(url('v21.0'), at('2026-12-01'))).toBe(
      'Graph API v21.0 retires on 2027-01-21 (in 51 days); set MESSENGER_GRAPH_API_URL to /v25.0 or later',
    );
  });

  it('stays quiet 91 days before and warns 90 days before', () => {
    expect(graphApiVersionWarning(url('v21.0'), at('2026-10-22'))).toBeUndefined();
    expect(graphApiVersionWarning(url('v21.0'), at('2026-10-23'))).toContain('in 90 days');
  });

  it('says a version is retired on and after its retirement day', () => {
    expect(graphApiVersionWarning(url('v20.0'), at('2026-12-01'))).toBe(
      'Graph API v20.0 retired on 2026-10-02; set MESSENGER_GRAPH_API_URL to /v25.0 or later',
    );
    expect(graphApiVersionWarning(url('v12.0'), at('2026-12-01'))).toContain('v12.0 is retired');
  });

  it('has nothing to say about versions newer than the table or without a retirement date', () => {
    expect(graphApiVersionWarning(url('v26.0'), at('2026-12-01'))).toBeUndefined();
    expect(graphApiVersionWarning(url('v99.0'), at('2026-12-01'))).toBeUndefined();
  });

  it('warns when the URL names no version, since Facebook then picks the app default', () => {
    expect(graphApiVersionWarning('https://graph.facebook.com', at('2026-12-01'))).toContain(
      'names no Graph API version',
    );
  });

  it('keeps the table in release order, each retiring after the one before', () => {
    const released = GRAPH_API_VERSIONS.map((v) => v.released);
    const retires = GRAPH_API_VERSIONS.flatMap((v) => (v.retires ? [v.retires] : []));
    expect(released).toEqual([...released].sort());
    expect(retires).toEqual([...retires].sort());
  });
});
