import { findNonJson } from '@pagedesk/shared';
import { wrapUpTagsDecider, type WrapUpTag, type WrapUpTagEvent } from './wrap-up-tags';

const set = (tags: WrapUpTag[]) => ({
  type: 'SetWrapUpTags' as const,
  data: { tenantId: 'acme', tags },
});
const stateAfter = (events: WrapUpTagEvent[]) =>
  events.reduce(wrapUpTagsDecider.evolve, wrapUpTagsDecider.initialState());
const given = (events: WrapUpTagEvent[]) => ({
  when: (command: ReturnType<typeof set>) => wrapUpTagsDecider.decide(command, stateAfter(events)),
});
const defined = (tagId: string, label: string): WrapUpTagEvent => ({
  type: 'WrapUpTagDefined',
  data: { tenantId: 'acme', tagId, label },
});

describe('wrap-up tags of a tenant', () => {
  it('defines new tags, relabels changed ones, retires the missing, and records nothing for the same list', () => {
    const events = given([]).when(
      set([
        { tagId: 'refund', label: ' Refund ' },
        { tagId: 'resolved', label: 'Resolved' },
      ]),
    );
    expect(events).toEqual([defined('refund', 'Refund'), defined('resolved', 'Resolved')]);
    expect(findNonJson(events)).toBeUndefined();
    const history = events;
    expect(given(history).when(set([{ tagId: 'refund', label: 'Refund given' }]))).toEqual([
      { type: 'WrapUpTagRetired', data: { tenantId: 'acme', tagId: 'resolved' } },
      defined('refund', 'Refund given'),
    ]);
    expect(
      given(history).when(
        set([
          { tagId: 'refund', label: 'Refund' },
          { tagId: 'resolved', label: 'Resolved' },
        ]),
      ),
    ).toEqual([]);
    expect(stateAfter([...history, defined('refund', 'Money back')]).tags).toEqual([
      { tagId: 'refund', label: 'Money back' },
      { tagId: 'resolved', label: 'Resolved' },
    ]);
  });

  it('refuses bad ids, blank or long labels, doubles and too many tags with invalid', () => {
    for (const tags of [
      [{ tagId: 'Not A Slug', label: 'x' }],
      [{ tagId: 'ok', label: '  ' }],
      [{ tagId: 'ok', label: 'x'.repeat(61) }],
      [
        { tagId: 'ok', label: 'a' },
        { tagId: 'ok', label: 'b' },
      ],
      Array.from({ length: 51 }, (_, i) => ({ tagId: `t${i}`, label: 't' })),
    ]) {
      expect(() => given([]).when(set(tags))).toThrow(expect.objectContaining({ code: 'invalid' }));
    }
  });
});
