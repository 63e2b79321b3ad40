/** A projection stops on the event it cannot apply rather than moving past it. */
export class ProjectionFailedError extends Error {
  constructor(
    readonly projection: string,
    readonly eventId: string,
    readonly eventType: string,
    readonly globalPosition: number,
    cause: unknown,
  ) {
    super(
      `projection ${projection} failed on event ${eventId} (${eventType}) at position ${globalPosition}: ${(cause as Error)?.message ?? String(cause)}`,
      { cause },
    );
  }
}
