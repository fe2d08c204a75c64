// Runs the public improv-wifi-serial-sdk against a fake Web Serial port so a test can bridge it to our device.
// Usage: node improv-bridge.mjs <unpacked package folder> <ssid> <password>
// Serial bytes travel as hex lines: "TX <hex>" on stdout (SDK -> device), "RX <hex>" on stdin (device -> SDK).
// The outcome is one line "RESULT <json>" on stdout; the SDK's own logging goes to stderr.
import { register } from "node:module";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

// dist/serial.js imports "./util/hex-formatter" without an extension (fine for its bundler, refused by Node's ESM
// resolver); this hook retries such relative specifiers with ".js" so the package's files stay untouched.
const hook = `export async function resolve(specifier, context, next) {
  try { return await next(specifier, context); }
  catch (error) {
    if (error.code !== "ERR_MODULE_NOT_FOUND" || !specifier.startsWith(".") || specifier.endsWith(".js")) throw error;
    return next(specifier + ".js", context);
  }
}`;
register("data:text/javascript," + encodeURIComponent(hook));

const [packageDir, ssid, password] = process.argv.slice(2);
const { ImprovSerial } = await import(pathToFileURL(join(packageDir, "dist", "serial.js")).href);

const toHex = (bytes) => Buffer.from(bytes).toString("hex");
let deliver;
const readable = new ReadableStream({ start(controller) { deliver = controller; } });
const writable = new WritableStream({ write(chunk) { process.stdout.write("TX " + toHex(chunk) + "\n"); } });
createInterface({ input: process.stdin }).on("line", (line) => {
  if (line.startsWith("RX ")) deliver.enqueue(new Uint8Array(Buffer.from(line.slice(3), "hex")));
});

const logger = {
  log: (...args) => console.error("log", ...args),
  debug: (...args) => console.error("debug", ...args),
  error: (...args) => console.error("error", ...args),
};
const report = (outcome) => process.stdout.write("RESULT " + JSON.stringify(outcome) + "\n");

// Resolves once the SDK has seen state 4 (provisioned), or after `ms` so the script always ends.
const provisionedState = (improv, ms) => new Promise((resolve) => {
  if (improv.state === 4) return resolve();
  const timer = setTimeout(resolve, ms);
  improv.addEventListener("state-changed", (event) => {
    if (event.detail === 4) { clearTimeout(timer); resolve(); }
  });
});

const improv = new ImprovSerial({ readable, writable }, logger);
const outcome = { stage: "initialize" };
try {
  outcome.info = await improv.initialize(10000);
  outcome.stage = "scan";
  outcome.networks = await improv.scan(10000);
  outcome.stage = "provision";
  await improv.provision(ssid, password, 20000);
  outcome.provisioned = true;
  outcome.nextUrl = improv.nextUrl ?? null;
  await provisionedState(improv, 5000);
} catch (error) {
  outcome.error = error instanceof Error ? error.message : String(error);
}
outcome.state = improv.state ?? null;
report(outcome);
process.exit(0);
