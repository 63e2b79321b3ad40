// A processing worker started early: it must get no workerData, waits for `start`, then tells the server what it was given.
const { parentPort, workerData } = require('node:worker_threads');
if (workerData !== null) throw new Error('an early worker got workerData');
let env;
parentPort.on('message', (message) => {
  if (message.type === 'start') {
    env = message.data.env;
    parentPort.postMessage({ type: 'ready' });
  }
  if (message.type === 'census')
    parentPort.postMessage({
      type: 'census',
      id: message.id,
      counts: { secretsKey: env.SECRETS_KEY },
    });
  if (message.type === 'stop') process.exit(0);
});
