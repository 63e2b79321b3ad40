// The real processing worker, from the TypeScript sources, for a test that runs the server in-process under Jest (whose transform does not reach a worker thread).
require('@swc-node/register');
require('../processing-worker.main.ts');
