/** Language server entry point: `node dist/server.js --stdio` (or --node-ipc, as VS Code starts it). */
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
process.on('uncaughtException', (error) => {
  connection.console.error(`uncaught exception: ${error.stack ?? error.message}`);
});
process.on('unhandledRejection', (reason) => {
  connection.console.error(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
});
startServer(connection);
connection.listen();
