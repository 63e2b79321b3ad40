import {
  Server,
  ServerCredentials,
  status,
  type handleBidiStreamingCall,
  type handleClientStreamingCall,
  type handleServerStreamingCall,
  type handleUnaryCall,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import type { Empty } from '@eventstore/db-client/generated/shared_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import {
  SupportedMethod,
  SupportedMethods,
} from '@eventstore/db-client/generated/serverfeatures_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import type {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  ReadReq,
  ReadResp,
} from '@eventstore/db-client/generated/streams_pb';
import { serveAppend, serveBatchAppend } from './append';
import { StandinLog } from './log';
import { serveRead } from './read';

export interface EsdbStandinOptions {
  /**
   * true: ServerFeatures lists Streams.BatchAppend, so the client appends over that stream.
   * false: ServerFeatures is not served at all (UNIMPLEMENTED, like servers before 21.10),
   * so the client falls back to Streams.Append.
   */
  readonly batchAppend?: boolean;
}

interface LiveCall {
  emit(event: 'error', error: { code: status; details: string }): boolean;
  once(event: 'close', listener: () => void): unknown;
}

const SERVER_VERSION = '24.10.0-standin';

/**
 * An in-process EventStoreDB stand-in for tests: the real client talks to it over loopback gRPC.
 * Its data lives in a StandinLog that survives stop()/restart().
 */
export class EsdbStandin {
  /** Full RPC names in the order the client called them, e.g. `Streams.Read`. */
  readonly calls: string[] = [];
  private readonly log = new StandinLog();
  private readonly live = new Set<LiveCall>();
  private server: Server | undefined;
  private boundPort = 0;

  private constructor(private readonly options: EsdbStandinOptions) {}

  static async start(options: EsdbStandinOptions = {}): Promise<EsdbStandin> {
    const standin = new EsdbStandin(options);
    await standin.listen(0);
    return standin;
  }

  get port(): number {
    return this.boundPort;
  }

  get connectionString(): string {
    return `esdb://127.0.0.1:${this.boundPort}?tls=false`;
  }

  /** Writes an event the way EventStoreDB's own subsystems do, for filter tests. */
  appendSystemEvent(streamName: string, type: string): void {
    const data = Buffer.from('{}');
    this.log.append(streamName, { kind: 'any' }, [
      {
        id: crypto.randomUUID(),
        type,
        contentType: 'application/json',
        data,
        customMetadata: new Uint8Array(),
      },
    ]);
  }

  /** Ends every open read, subscription and batch-append stream with UNAVAILABLE, as a failing node would. */
  dropLiveStreams(): void {
    for (const call of [...this.live])
      call.emit('error', { code: status.UNAVAILABLE, details: 'stand-in dropped the stream' });
  }

  /** Kills the server and every connection at once; the data stays. */
  async stop(): Promise<void> {
    this.server?.forceShutdown();
    this.server = undefined;
    this.live.clear();
  }

  /** Comes back on the same port with the same data. */
  async restart(): Promise<void> {
    await this.stop();
    await this.listen(this.boundPort);
  }

  private async listen(port: number): Promise<void> {
    const server = new Server();
    server.addService(StreamsService, this.streamsImplementation());
    if (this.options.batchAppend)
      server.addService(ServerFeaturesService, this.featuresImplementation());
    this.boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    this.server = server;
  }

  private streamsImplementation(): UntypedServiceImplementation {
    const append: handleClientStreamingCall<AppendReq, AppendResp> = (call, done) => {
      this.calls.push('Streams.Append');
      serveAppend(call, this.log, done);
    };
    const read: handleServerStreamingCall<ReadReq, ReadResp> = (call) => {
      this.calls.push('Streams.Read');
      this.track(call);
      serveRead(call, this.log);
    };
    const batchAppend: handleBidiStreamingCall<BatchAppendReq, BatchAppendResp> = (call) => {
      this.calls.push('Streams.BatchAppend');
      this.track(call);
      serveBatchAppend(call, this.log);
    };
    // Methods left out answer UNIMPLEMENTED, as an older server would.
    return this.options.batchAppend ? { append, read, batchAppend } : { append, read };
  }

  private featuresImplementation(): UntypedServiceImplementation {
    const getSupportedMethods: handleUnaryCall<Empty, SupportedMethods> = (_call, done) => {
      this.calls.push('ServerFeatures.GetSupportedMethods');
      const methods = ['Read', 'Append', 'BatchAppend'].map((name) =>
        new SupportedMethod()
          .setServiceName('event_store.client.streams.Streams')
          .setMethodName(name),
      );
      done(
        null,
        new SupportedMethods().setEventStoreServerVersion(SERVER_VERSION).setMethodsList(methods),
      );
    };
    return { getSupportedMethods };
  }

  private track(call: LiveCall): void {
    this.live.add(call);
    call.once('close', () => this.live.delete(call));
  }
}
