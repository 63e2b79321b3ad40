// Preloaded into a profiled server (--require): --cpu-prof writes its profile only
// when the process exits on its own, and Nest's shutdown hook ends it by
// re-raising SIGTERM, which skips that. Exiting at the signal writes it.
process.once('SIGTERM', () => process.exit(0));
