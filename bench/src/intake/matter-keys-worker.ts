import { parentPort } from 'worker_threads';

import { keyBatch } from './matter-keys';

// A worker thread of MatterKeyPool: a batch of texts in, their matter keys as int4[] literals out.
parentPort?.on('message', (texts: string[]) => parentPort!.postMessage(keyBatch(texts)));
