// Preloaded into a server process by test/startup-modules.int.spec.ts: prints, in order, when the main thread starts a worker thread and when it first requires Nest.
const threads = require('node:worker_threads');
if (threads.isMainThread) {
  const Module = require('node:module');
  const { Worker } = threads;
  threads.Worker = class extends Worker {
    constructor(...args) {
      process.stdout.write('worker thread started\n');
      super(...args);
    }
  };
  const load = Module._load;
  Module._load = function (request, ...rest) {
    if (request === '@nestjs/core') {
      process.stdout.write('nest required\n');
      Module._load = load;
    }
    return load.call(this, request, ...rest);
  };
}
