import type { Decider } from '@pagedesk/event-store';
import { AppError } from '@pagedesk/shared';
import { SLUG, SLUG_MESSAGE } from './ids';
import { exhaustive } from './user-decider';

/**
 * The tags an agent may put on a conversation when closing it ("refund",
 * "resolved"), per tenant, on their own stream so each change is audited.
 * A retired tag stays on the conversations that carry it.
 */
export const wrapUpTagsStream = (tenantId: string) => `wrapuptags-${tenantId}`;
export const MAX_WRAP_UP_TAGS = 50;
export const MAX_WRAP_UP_LABEL = 60;

export interface WrapUpTag {
  readonly tagId: string;
  readonly label: string;
}

export type WrapUpTagEvent =
  | {
      readonly type: 'WrapUpTagDefined';
      readonly data: { readonly tenantId: string; readonly tagId: string; readonly label: string };
    }
  | {
      readonly type: 'WrapUpTagRetired';
      readonly data: { readonly tenantId: string; readonly tagId: string };
    };

/** The whole list as it should be, in order: tags missing from it are retired. */
export type SetWrapUpTags = {
  readonly type: 'SetWrapUpTags';
  readonly data: { readonly tenantId: string; readonly tags: readonly WrapUpTag[] };
};

export interface WrapUpTagsState {
  readonly tags: readonly WrapUpTag[];
}

function checked(tags: readonly WrapUpTag[]): WrapUpTag[] {
  if (tags.length > MAX_WRAP_UP_TAGS)
    throw new AppError('invalid', `tags: at most ${MAX_WRAP_UP_TAGS}`);
  const seen = new Set<string>();
  return tags.map(({ tagId, label }) => {
    if (!SLUG.test(tagId)) throw new AppError('invalid', `tags.tagId ${SLUG_MESSAGE}`);
    if (seen.has(tagId)) throw new AppError('invalid', `tags: ${tagId} is listed twice`);
    seen.add(tagId);
    const trimmed = label.trim();
    if (trimmed === '' || trimmed.length > MAX_WRAP_UP_LABEL)
      throw new AppError('invalid', `tags.label: 1 to ${MAX_WRAP_UP_LABEL} characters`);
    return { tagId, label: trimmed };
  });
}

function decideWrapUpTags({ data }: SetWrapUpTags, state: WrapUpTagsState): WrapUpTagEvent[] {
  const wanted = checked(data.tags);
  const { tenantId } = data;
  const retired = state.tags
    .filter((t) => !wanted.some((w) => w.tagId === t.tagId))
    .map((t): WrapUpTagEvent => ({ type: 'WrapUpTagRetired', data: { tenantId, tagId: t.tagId } }));
  const defined = wanted
    .filter((w) => state.tags.find((t) => t.tagId === w.tagId)?.label !== w.label)
    .map((w): WrapUpTagEvent => ({ type: 'WrapUpTagDefined', data: { tenantId, ...w } }));
  return [...retired, ...defined];
}

export function evolveWrapUpTags(state: WrapUpTagsState, event: WrapUpTagEvent): WrapUpTagsState {
  switch (event.type) {
    case 'WrapUpTagDefined': {
      const { tagId, label } = event.data;
      const known = state.tags.some((t) => t.tagId === tagId);
      return {
        tags: known
          ? state.tags.map((t) => (t.tagId === tagId ? { tagId, label } : t))
          : [...state.tags, { tagId, label }],
      };
    }
    case 'WrapUpTagRetired':
      return { tags: state.tags.filter((t) => t.tagId !== event.data.tagId) };
    default:
      return exhaustive(event);
  }
}

export const wrapUpTagsDecider: Decider<WrapUpTagsState, SetWrapUpTags, WrapUpTagEvent> = {
  decide: (command, state) => {
    if (command.type !== 'SetWrapUpTags') return exhaustive(command.type);
    return decideWrapUpTags(command, state);
  },
  evolve: evolveWrapUpTags,
  initialState: () => ({ tags: [] }),
};
