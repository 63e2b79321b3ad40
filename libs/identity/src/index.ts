export * from './chat-plugin-visitors';
