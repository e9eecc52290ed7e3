// Preloaded into a benchmarked runners process (node --expose-gc --require): SIGUSR2 runs a full
// garbage collection, so memory readings compare live data, not garbage that is still uncollected.
process.on('SIGUSR2', () => globalThis.gc?.());
