// A processing worker that is ready at once, answers /ready with no parts, and stops cleanly when asked.
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (message) => {
  if (message.type === 'health')
    parentPort.postMessage({ type: 'health', id: message.id, parts: [] });
  if (message.type === 'stop') process.exit(0);
});
parentPort.postMessage({ type: 'ready' });
