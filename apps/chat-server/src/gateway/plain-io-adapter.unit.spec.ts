import { EventEmitter } from 'node:events';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { from, isObservable, mergeAll, of, type Observable } from 'rxjs';
import { PlainIoAdapter } from './plain-io-adapter';

type Socket = Parameters<IoAdapter['bindMessageHandlers']>[0];

/** What Nest's WebSocketsController hands the adapter: the handler's result, as an Observable. */
const nestTransform = () =>
  jest.fn((data: unknown): Observable<unknown> => {
    const pick = async () => {
      const result = await data;
      return isObservable(result) ? result : of(result);
    };
    return from(pick()).pipe(mergeAll());
  });

class FakeSocket extends EventEmitter {
  disconnected = false;
  /** A client event with an ack; resolves with what the server acked. */
  send(event: string, ...args: unknown[]): Promise<unknown> {
    return new Promise((resolve) => this.emit(event, ...args, resolve));
  }
}

const handlers = (
  calls: unknown[],
  later: { answer: (value: unknown) => void },
): MessageMappingProperties[] => {
  const handler = (
    message: string,
    callback: (data: unknown) => Promise<unknown> | Observable<unknown>,
  ) => ({
    message,
    methodName: message,
    isAckHandledManually: false,
    callback: (data: unknown) => {
      calls.push([message, data]);
      return callback(data);
    },
  });
  return [
    handler('echo', async (data) => ({ ok: true, data })),
    handler('nothing', async () => undefined),
    handler('later', () => new Promise((resolve) => (later.answer = resolve))),
    handler('throws', () => {
      throw new Error('sync failure');
    }),
    handler('rejects', async () => Promise.reject(new Error('async failure'))),
    handler('stream', async () => of({ ok: 'observed' })),
  ];
};

function bound(adapter: IoAdapter) {
  const socket = new FakeSocket();
  const calls: unknown[] = [];
  const later = { answer: (_value: unknown) => undefined as void };
  const transform = nestTransform();
  const errors = jest.spyOn(
    (adapter as unknown as { logger: { error: () => void } }).logger,
    'error',
  );
  errors.mockImplementation(() => undefined);
  adapter.bindMessageHandlers(socket as unknown as Socket, handlers(calls, later), transform);
  return { socket, calls, later, transform, errors };
}

const adapters: [string, () => IoAdapter][] = [
  ["Nest's IoAdapter", () => new IoAdapter()],
  ['PlainIoAdapter', () => new PlainIoAdapter()],
];

describe.each(adapters)('%s answers client events', (_name, make) => {
  it('through the ack, with the data the client sent (several arguments as an array)', async () => {
    const { socket, calls } = bound(make());
    await expect(socket.send('echo', { conversationId: 'c1' })).resolves.toEqual({
      ok: true,
      data: { conversationId: 'c1' },
    });
    await expect(socket.send('echo', 'a', 'b')).resolves.toEqual({ ok: true, data: ['a', 'b'] });
    expect(calls).toEqual([
      ['echo', { conversationId: 'c1' }],
      ['echo', ['a', 'b']],
    ]);
  });

  it('not at all when the handler answers nothing, or after the socket disconnected', async () => {
    const { socket, later } = bound(make());
    const unanswered = jest.fn();
    socket.emit('nothing', {}, unanswered);
    socket.emit('later', {}, unanswered);
    socket.disconnected = true;
    socket.emit('disconnect', 'client namespace disconnect');
    later.answer({ ok: true });
    // An event sent after those, answered through as many steps, fences them.
    await bound(make()).socket.send('echo', {});
    expect(unanswered).not.toHaveBeenCalled();
  });

  it('logs a handler that throws or rejects, and keeps answering later events', async () => {
    const { socket, errors } = bound(make());
    const unanswered = jest.fn();
    socket.emit('throws', {}, unanswered);
    socket.emit('rejects', {}, unanswered);
    await expect(socket.send('echo', 1)).resolves.toEqual({ ok: true, data: 1 });
    await expect(socket.send('stream', {})).resolves.toEqual({ ok: 'observed' });
    expect(errors).toHaveBeenCalledTimes(2);
    expect(unanswered).not.toHaveBeenCalled();
  });
});

describe('PlainIoAdapter', () => {
  it('builds no RxJS pipeline for a handler that answers with a promise (issue 21)', async () => {
    const { socket, transform } = bound(new PlainIoAdapter());
    for (let i = 0; i < 3; i++) await socket.send('echo', i);
    expect(transform).not.toHaveBeenCalled();
    await socket.send('stream', {});
    expect(transform).toHaveBeenCalledTimes(1);
  });
});
