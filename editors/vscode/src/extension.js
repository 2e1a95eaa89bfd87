// VS Code client of the Annal language server: runs `annal lsp` on stdio
// for every `annal` document. Plain JavaScript: no build step.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

/** @type {LanguageClient | undefined} */
let client;

function serverOptions() {
  const config = vscode.workspace.getConfiguration("annal");
  const command = config.get("server.path") || "annal";
  const args = ["lsp", ...(config.get("server.extraArgs") || [])];
  return { command, args, transport: TransportKind.stdio };
}

async function start(context) {
  client = new LanguageClient(
    "annal",
    "Annal",
    serverOptions(),
    {
      documentSelector: [
        { scheme: "file", language: "annal" },
        { scheme: "untitled", language: "annal" },
      ],
      // The server registers its own file watchers (*.annal and cited sources).
    },
  );
  try {
    await client.start();
  } catch (error) {
    const path = serverOptions().command;
    vscode.window.showErrorMessage(
      `Annal: could not start \`${path} lsp\` (${error.message || error}). ` +
        "Install annal (see editors/vscode/README.md) or set `annal.server.path`.",
    );
  }
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("annal.restartServer", async () => {
      if (client) await client.stop();
      await start(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("annal.server")) {
        await vscode.commands.executeCommand("annal.restartServer");
      }
    }),
  );
  await start(context);
}

async function deactivate() {
  if (client) await client.stop();
}

module.exports = { activate, deactivate };
