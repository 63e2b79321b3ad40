import { WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Server } from 'socket.io';

export const SOCKET_NAMESPACES = ['/agent', '/supervisor'] as const;

/**
 * Reaches the one socket.io server every gateway shares, to count each
 * namespace's sockets without reaching into the gateways. It listens on the
 * root namespace socket.io always has and handles nothing there.
 */
@WebSocketGateway()
export class SocketCounts {
  @WebSocketServer() private readonly server: Server | undefined;

  connected(namespace: (typeof SOCKET_NAMESPACES)[number]): number {
    return this.server?.of(namespace).sockets.size ?? 0;
  }
}
