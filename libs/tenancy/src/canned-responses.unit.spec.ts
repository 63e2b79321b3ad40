import { findNonJson } from '@pagedesk/shared';
import {
  cannedResponsesDecider,
  cannedResponsesFor,
  cannedResponsesStream,
  type CannedResponseCommand,
  type CannedResponseEvent,
  type CannedResponseFields,
} from './canned-responses';

const tenantId = 'acme';
const greet: CannedResponseFields = {
  shortcut: 'greet',
  title: 'Greeting',
  content: {
    kind: 'text',
    text: 'Hi {{customer.first_name}}, {{agent.name}} here.',
    quickReplies: [],
  },
  queueId: null,
};
const stateAfter = (events: CannedResponseEvent[]) =>
  events.reduce(cannedResponsesDecider.evolve, cannedResponsesDecider.initialState());
const given = (events: CannedResponseEvent[]) => ({
  when: (command: CannedResponseCommand) =>
    cannedResponsesDecider.decide(command, stateAfter(events)),
});
const create = (id: string, fields: CannedResponseFields = greet): CannedResponseCommand => ({
  type: 'CreateCannedResponse',
  data: { tenantId, cannedResponseId: id, ...fields },
});
const created = (id: string, fields: CannedResponseFields = greet): CannedResponseEvent => ({
  type: 'CannedResponseCreated',
  data: { tenantId, cannedResponseId: id, ...fields },
});

describe('canned responses of a tenant', () => {
  it('given none, when one is created, then it is recorded as plain JSON with a trimmed title; the same create again records nothing', () => {
    const events = given([]).when(create('c1', { ...greet, title: ' Greeting ' }));
    expect(events).toEqual([created('c1')]);
    expect(findNonJson(events)).toBeUndefined();
    expect(given(events).when(create('c1'))).toEqual([]);
    expect(stateAfter(events).responses).toEqual([{ cannedResponseId: 'c1', ...greet }]);
  });

  it('given one, when updated, deleted or updated with nothing new, then the list follows and a no-change records nothing', () => {
    const history = [created('c1')];
    const changed = { ...greet, shortcut: 'hello', queueId: 'sales' };
    const update: CannedResponseCommand = {
      type: 'UpdateCannedResponse',
      data: { tenantId, cannedResponseId: 'c1', ...changed },
    };
    const updated = given(history).when(update);
    expect(updated).toEqual([
      { type: 'CannedResponseUpdated', data: { tenantId, cannedResponseId: 'c1', ...changed } },
    ]);
    expect(given([...history, ...updated]).when(update)).toEqual([]);
    const deleted = given(history).when({
      type: 'DeleteCannedResponse',
      data: { tenantId, cannedResponseId: 'c1' },
    });
    expect(stateAfter([...history, ...deleted]).responses).toEqual([]);
  });

  it('given another one holds the shortcut, when created or renamed to it, then conflict', () => {
    const history = [created('c1'), created('c2', { ...greet, shortcut: 'bye' })];
    expect(() => given(history).when(create('c3'))).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    expect(() =>
      given(history).when({
        type: 'UpdateCannedResponse',
        data: { tenantId, cannedResponseId: 'c2', ...greet },
      }),
    ).toThrow(expect.objectContaining({ code: 'conflict' }));
  });

  it('given an id this tenant does not have, when updated or deleted, then not_found', () => {
    for (const command of [
      { type: 'UpdateCannedResponse', data: { tenantId, cannedResponseId: 'nope', ...greet } },
      { type: 'DeleteCannedResponse', data: { tenantId, cannedResponseId: 'nope' } },
    ] as CannedResponseCommand[]) {
      expect(() => given([created('c1')]).when(command)).toThrow(
        expect.objectContaining({ code: 'not_found' }),
      );
    }
  });

  it('given bad fields, when created, then invalid and nothing recorded', () => {
    for (const fields of [
      { ...greet, shortcut: 'Greet Me' },
      { ...greet, shortcut: '' },
      { ...greet, title: '  ' },
      { ...greet, title: 'x'.repeat(81) },
      {
        ...greet,
        content: { kind: 'text' as const, text: 'Hi {{customer.age}}', quickReplies: [] },
      },
    ]) {
      expect(() => given([]).when(create('c1', fields))).toThrow(
        expect.objectContaining({ code: 'invalid' }),
      );
    }
  });

  it('given tenant-wide and queue ones, when a queue asks, then it gets the tenant-wide and its own', () => {
    const list = stateAfter([
      created('c1'),
      created('c2', { ...greet, shortcut: 'sales', queueId: 'sales' }),
      created('c3', { ...greet, shortcut: 'vip', queueId: 'vip' }),
    ]).responses;
    expect(cannedResponsesFor(list, 'sales').map((r) => r.cannedResponseId)).toEqual(['c1', 'c2']);
    expect(cannedResponsesFor(list, undefined)).toHaveLength(3);
  });

  it('names the stream from the tenant id through the one encoding helper', () => {
    expect(cannedResponsesStream('acme')).toBe('cannedresponses-acme');
    expect(cannedResponsesStream('a b')).toMatch(/^cannedresponses-~[0-9a-f]{64}$/);
  });
});
