import type { Socket } from 'socket.io';
import type { AuthUser } from '../auth/auth-user';

/** The verified caller, attached at the handshake and refreshed by SocketSessions (auth/socket-sessions.ts). */
export const userOf = (socket: Socket): AuthUser => socket.data.user as AuthUser;
