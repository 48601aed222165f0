/**
 * Runs the property checks of one document at a time for `npm run fuzz`, in a worker thread, so the runner can
 * stop a document that hangs (terminate the worker) and go on with the next one.
 */
import { parentPort } from 'node:worker_threads';
import { checkDocument } from './properties';
import type { CheckResult, FuzzDocument } from './properties';

export interface WorkerRequest {
  id: number;
  doc: FuzzDocument;
}

export interface WorkerResponse {
  id: number;
  result: CheckResult;
}

parentPort?.on('message', (request: WorkerRequest) => {
  const response: WorkerResponse = { id: request.id, result: checkDocument(request.doc) };
  parentPort?.postMessage(response);
});
