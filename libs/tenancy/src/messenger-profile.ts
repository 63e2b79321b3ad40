/**
 * A page's Messenger profile (Get Started, greeting, ice breakers, persistent
 * menu), checked against Facebook's limits before anything is sent, so an
 * admin learns what is wrong with the field named, and translated to the
 * Graph API's shape for `POST /me/messenger_profile`.
 */
export interface MenuItem {
  readonly type: 'web_url' | 'postback' | 'nested';
  readonly title: string;
  readonly url?: string;
  readonly payload?: string;
  readonly webviewHeightRatio?: 'compact' | 'tall' | 'full';
  readonly items?: readonly MenuItem[];
}

export interface LocalizedMenu {
  readonly locale: string;
  readonly composerInputDisabled?: boolean;
  readonly disabledSurfaces?: readonly 'CUSTOMER_CHAT_PLUGIN'[];
  readonly items: readonly MenuItem[];
}

export interface MessengerProfile {
  readonly getStarted?: { readonly payload: string };
  readonly greeting?: readonly { readonly locale: string; readonly text: string }[];
  readonly iceBreakers?: readonly { readonly question: string; readonly payload: string }[];
  readonly persistentMenu?: readonly LocalizedMenu[];
}

export const PROFILE_LIMITS = {
  payload: 1000,
  greeting: 160,
  iceBreakers: 4,
  question: 80,
  title: 30,
  topLevelItems: 3,
  nestedItems: 5,
  menuDepth: 3,
} as const;

const LOCALE = /^(default|[a-z]{2}_[A-Z]{2})$/;

class Problem extends Error {}

/** Validates unknown input (unknown keys refused) and returns the profile, or throws a message naming the field. */
export function parseMessengerProfile(input: unknown): MessengerProfile {
  try {
    return profile(input);
  } catch (error) {
    if (error instanceof Problem) throw new MessengerProfileError(error.message);
    throw error;
  }
}

export class MessengerProfileError extends Error {}

function profile(input: unknown): MessengerProfile {
  const o = object(input, 'profile', ['getStarted', 'greeting', 'iceBreakers', 'persistentMenu']);
  if (Object.keys(o).length === 0)
    fail('profile must set at least one of getStarted, greeting, iceBreakers, persistentMenu');
  const result: { -readonly [K in keyof MessengerProfile]: MessengerProfile[K] } = {};
  if (o.getStarted !== undefined) {
    const g = object(o.getStarted, 'getStarted', ['payload']);
    result.getStarted = { payload: text(g.payload, 'getStarted.payload', PROFILE_LIMITS.payload) };
  }
  if (o.greeting !== undefined) {
    result.greeting = list(o.greeting, 'greeting', 1, 100).map((g, i) => {
      const e = object(g, `greeting[${i}]`, ['locale', 'text']);
      return {
        locale: locale(e.locale, `greeting[${i}].locale`),
        text: text(e.text, `greeting[${i}].text`, PROFILE_LIMITS.greeting),
      };
    });
    requireDefault(result.greeting, 'greeting');
  }
  if (o.iceBreakers !== undefined) {
    result.iceBreakers = list(o.iceBreakers, 'iceBreakers', 1, PROFILE_LIMITS.iceBreakers).map(
      (q, i) => {
        const e = object(q, `iceBreakers[${i}]`, ['question', 'payload']);
        return {
          question: text(e.question, `iceBreakers[${i}].question`, PROFILE_LIMITS.question),
          payload: text(e.payload, `iceBreakers[${i}].payload`, PROFILE_LIMITS.payload),
        };
      },
    );
  }
  if (o.persistentMenu !== undefined) {
    if (!result.getStarted)
      fail('persistentMenu needs getStarted: Facebook shows the menu only once Get Started is set');
    result.persistentMenu = list(o.persistentMenu, 'persistentMenu', 1, 100).map((m, i) =>
      menu(m, `persistentMenu[${i}]`),
    );
    requireDefault(result.persistentMenu, 'persistentMenu');
  }
  return result;
}

function menu(input: unknown, at: string): LocalizedMenu {
  const o = object(input, at, ['locale', 'composerInputDisabled', 'disabledSurfaces', 'items']);
  const result: { -readonly [K in keyof LocalizedMenu]: LocalizedMenu[K] } = {
    locale: locale(o.locale, `${at}.locale`),
    items: list(o.items, `${at}.items`, 1, PROFILE_LIMITS.topLevelItems).map((item, i) =>
      menuItem(item, `${at}.items[${i}]`, 1),
    ),
  };
  if (o.composerInputDisabled !== undefined) {
    if (typeof o.composerInputDisabled !== 'boolean')
      fail(`${at}.composerInputDisabled must be a boolean`);
    result.composerInputDisabled = o.composerInputDisabled;
  }
  if (o.disabledSurfaces !== undefined) {
    result.disabledSurfaces = list(o.disabledSurfaces, `${at}.disabledSurfaces`, 0, 1).map(
      (s, i) => {
        if (s !== 'CUSTOMER_CHAT_PLUGIN')
          fail(`${at}.disabledSurfaces[${i}] must be CUSTOMER_CHAT_PLUGIN`);
        return s;
      },
    );
  }
  return result;
}

function menuItem(input: unknown, at: string, depth: number): MenuItem {
  const o = object(input, at, ['type', 'title', 'url', 'payload', 'webviewHeightRatio', 'items']);
  const title = text(o.title, `${at}.title`, PROFILE_LIMITS.title);
  const only = (allowed: string[]) => {
    const extra = ['url', 'payload', 'webviewHeightRatio', 'items'].find(
      (k) => !allowed.includes(k) && o[k] !== undefined,
    );
    if (extra) fail(`${at}.${extra} is not allowed for a ${String(o.type)} item`);
  };
  switch (o.type) {
    case 'web_url': {
      only(['url', 'webviewHeightRatio']);
      const url = text(o.url, `${at}.url`, 2000);
      if (!/^https?:\/\/[^\s/]+\.[^\s]+$/.test(url)) fail(`${at}.url must be an http(s) URL`);
      const ratio = o.webviewHeightRatio;
      if (ratio !== undefined && ratio !== 'compact' && ratio !== 'tall' && ratio !== 'full')
        fail(`${at}.webviewHeightRatio must be compact, tall or full`);
      return { type: 'web_url', title, url, ...(ratio ? { webviewHeightRatio: ratio } : {}) };
    }
    case 'postback':
      only(['payload']);
      return {
        type: 'postback',
        title,
        payload: text(o.payload, `${at}.payload`, PROFILE_LIMITS.payload),
      };
    case 'nested':
      only(['items']);
      if (depth >= PROFILE_LIMITS.menuDepth)
        fail(`${at} nests deeper than ${PROFILE_LIMITS.menuDepth} levels`);
      return {
        type: 'nested',
        title,
        items: list(o.items, `${at}.items`, 1, PROFILE_LIMITS.nestedItems).map((item, i) =>
          menuItem(item, `${at}.items[${i}]`, depth + 1),
        ),
      };
    default:
      return fail(`${at}.type must be web_url, postback or nested`);
  }
}

/** The Graph API's shape for `POST /me/messenger_profile`. */
export function toGraphProfile(p: MessengerProfile): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (p.getStarted) body.get_started = { payload: p.getStarted.payload };
  if (p.greeting) body.greeting = p.greeting.map((g) => ({ locale: g.locale, text: g.text }));
  if (p.iceBreakers)
    body.ice_breakers = [
      {
        locale: 'default',
        call_to_actions: p.iceBreakers.map((q) => ({ question: q.question, payload: q.payload })),
      },
    ];
  if (p.persistentMenu)
    body.persistent_menu = p.persistentMenu.map((m) => ({
      locale: m.locale,
      composer_input_disabled: m.composerInputDisabled ?? false,
      ...(m.disabledSurfaces?.length ? { disabled_surfaces: m.disabledSurfaces } : {}),
      call_to_actions: m.items.map(graphItem),
    }));
  return body;
}

function graphItem(item: MenuItem): Record<string, unknown> {
  switch (item.type) {
    case 'web_url':
      return {
        type: 'web_url',
        title: item.title,
        url: item.url,
        webview_height_ratio: item.webviewHeightRatio ?? 'full',
      };
    case 'postback':
      return { type: 'postback', title: item.title, payload: item.payload };
    case 'nested':
      return {
        type: 'nested',
        title: item.title,
        call_to_actions: (item.items ?? []).map(graphItem),
      };
  }
}

function fail(message: string): never {
  throw new Problem(message);
}

function object(value: unknown, at: string, keys: string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(`${at} must be an object`);
  const present = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
  const unknownKey = Object.keys(present).find((k) => !keys.includes(k));
  if (unknownKey) fail(`${at}.${unknownKey} should not exist`);
  return present;
}

function list(value: unknown, at: string, min: number, max: number): unknown[] {
  if (!Array.isArray(value)) fail(`${at} must be an array`);
  if (value.length < min || value.length > max)
    fail(`${at} must have ${min === max ? min : `${min} to ${max}`} items`);
  return value;
}

function text(value: unknown, at: string, max: number): string {
  if (typeof value !== 'string' || value.trim().length === 0)
    fail(`${at} must be a non-empty string`);
  if ([...value].length > max) fail(`${at} must be at most ${max} characters`);
  return value;
}

function locale(value: unknown, at: string): string {
  if (typeof value !== 'string' || !LOCALE.test(value))
    fail(`${at} must be default or a locale such as en_US`);
  return value;
}

function requireDefault(entries: readonly { locale: string }[], at: string): void {
  const locales = entries.map((e) => e.locale);
  if (!locales.includes('default')) fail(`${at} needs an entry with locale default`);
  const duplicate = locales.find((l, i) => locales.indexOf(l) !== i);
  if (duplicate) fail(`${at} lists locale ${duplicate} twice`);
}
