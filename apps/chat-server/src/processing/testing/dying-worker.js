// A processing worker that fails as it starts.
throw new Error('processing worker failed on purpose');
