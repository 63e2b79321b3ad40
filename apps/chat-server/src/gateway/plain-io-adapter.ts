import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { isObservable, type Observable } from 'rxjs';

/** The socket.io copy Nest's adapter brings (its own dependency, not the app's). */
type Socket = Parameters<IoAdapter['bindMessageHandlers']>[0];

/**
 * Nest's socket.io adapter with each client event handed to its handler by a
 * plain listener instead of an RxJS pipeline per event and socket (fromEvent,
 * mergeMap, defer, from(promise), filter, map, catchError, takeUntil): with
 * 200 agents racing for every new chat, that pipeline was about 5 % of the
 * main thread in bench:e2e at 1,000/s (BENCHMARKS.md, session 9). What it did
 * is kept: the handler runs as the event arrives, with the data and ack
 * IoAdapter.mapPayload finds; an answer that is not null or undefined goes
 * back through the ack (or as its own `event`); nothing is answered once the
 * socket has disconnected; an error that escapes the handler is logged.
 * A handler answering with an Observable gets Nest's own pipeline.
 */
export class PlainIoAdapter extends IoAdapter {
  override bindMessageHandlers(
    socket: Socket,
    handlers: MessageMappingProperties[],
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      // As RxJS's fromEvent passes them on: one argument as itself, several as an array.
      socket.on(message, (...args: unknown[]) => {
        const { data, ack } = this.mapPayload(args.length > 1 ? args : args[0]);
        const reply = (response: unknown) => {
          if (response === null || response === undefined || socket.disconnected) return;
          const { event, data: eventData } = response as { event?: string; data?: unknown };
          if (event) socket.emit(event, eventData);
          else if (!isAckHandledManually && typeof ack === 'function') ack(response);
        };
        const failed = (error: unknown) => this.logger.error(error);
        let result: unknown;
        try {
          result = callback(data, ack);
        } catch (error) {
          return failed(error);
        }
        Promise.resolve(result).then((answer) => {
          if (!isObservable(answer)) return reply(answer);
          transform(answer).subscribe({ next: reply, error: failed });
        }, failed);
      });
    }
  }
}
