// Runs ASL definitions on aws-local-stepfunctions (the reference implementation) with scripted
// task handlers, so the Java runner's results can be compared with it.
//
// stdin:  {"cases": [{"id", "definition", "input", "handlers", "context"}]}
// stdout: {"results": [{"id", "status", "output", "error", "cause", "events": [{"type", "state"}], "calls"}]}
//
// Handlers are keyed by the Lambda function a Task calls: the FunctionName parameter of an
// "arn:aws:states:::lambda:invoke" Task (whose result is then wrapped like the Lambda
// integration's: {"ExecutedVersion", "Payload", "StatusCode"}), otherwise the Resource itself.
// A handler is {"steps": [step...], "then": step}: call n uses steps[n], later calls use "then"
// (default: echo). A step is one of
//   {"return": json} | {"echo": true} | {"merge": object}
//   {"fail": {"error": name, "cause": string}}
//   {"throw": {"errorType": name, "errorMessage": string}}   (Cause = a Java Lambda's error JSON)
// Retry pauses and Wait states are overridden to 0 ms: timing is not compared, only behaviour.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// The package lives outside the repository (installed by .ci/install-node22.sh): its folder comes
// from REFINERY_ALS_PACKAGE.
const packageDir = process.env.REFINERY_ALS_PACKAGE;
if (!packageDir) throw new Error('REFINERY_ALS_PACKAGE (the aws-local-stepfunctions package folder) is not set');
const { StateMachine } = await import(pathToFileURL(path.join(packageDir, 'build', 'main.node.esm.js')).href);

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

function taskError(name, cause) {
  const e = new Error(cause);
  e.name = name;
  return e;
}

function applyStep(step, input) {
  if (step === undefined || step.echo) return input;
  if ('return' in step) return step.return;
  if ('merge' in step) return { ...input, ...step.merge };
  if (step.fail) throw taskError(step.fail.error, step.fail.cause);
  if (step.throw) {
    const cause = JSON.stringify({
      errorMessage: step.throw.errorMessage,
      errorType: step.throw.errorType,
      stackTrace: [],
    });
    throw taskError(step.throw.errorType, cause);
  }
  throw new Error('unknown handler step ' + JSON.stringify(step));
}

async function runCase(c) {
  const calls = {};
  const taskResourceLocalHandlers = {};
  const retryIntervalOverrides = {};
  const waitTimeOverrides = {};
  for (const [name, state] of Object.entries(c.definition.States)) {
    if (state.Retry) retryIntervalOverrides[name] = 0;
    if (state.Type === 'Wait') waitTimeOverrides[name] = 0;
    if (state.Type !== 'Task') continue;
    taskResourceLocalHandlers[name] = async (effectiveInput) => {
      const viaInvoke = state.Resource === LAMBDA_INVOKE;
      const key = viaInvoke ? effectiveInput.FunctionName : state.Resource;
      const payload = viaInvoke ? (effectiveInput.Payload ?? {}) : effectiveInput;
      const handler = c.handlers[key];
      if (!handler) throw taskError('NoHandler', 'no scripted handler for ' + key);
      const n = calls[key] ?? 0;
      calls[key] = n + 1;
      const step = n < (handler.steps ?? []).length ? handler.steps[n] : handler.then;
      const out = applyStep(step, payload);
      return viaInvoke ? { ExecutedVersion: '$LATEST', Payload: out, StatusCode: 200 } : out;
    };
  }
  const machine = new StateMachine(c.definition, { validationOptions: { checkArn: true, checkPaths: true } });
  const execution = machine.run(c.input, {
    overrides: { taskResourceLocalHandlers, retryIntervalOverrides, waitTimeOverrides },
    context: c.context ?? {},
  });
  const events = [];
  let failure = null;
  const collecting = (async () => {
    for await (const ev of execution.eventLogs) {
      if (ev.state) events.push({ type: ev.type, state: ev.state.name });
      else events.push({ type: ev.type });
      if (ev.type === 'ExecutionFailed') failure = { error: ev.Error, cause: ev.Cause };
    }
  })();
  let result;
  try {
    const output = await execution.result;
    result = { id: c.id, status: 'SUCCEEDED', output };
  } catch (e) {
    await collecting;
    const inner = e.cause ?? e;
    result = {
      id: c.id,
      status: 'FAILED',
      error: failure?.error ?? inner.name,
      cause: typeof failure?.cause === 'string' ? failure.cause : inner.message,
    };
  }
  await collecting;
  result.events = events;
  result.calls = calls;
  return result;
}

const request = JSON.parse(await readStdin());
const results = [];
for (const c of request.cases) {
  try {
    results.push(await runCase(c));
  } catch (e) {
    // A definition the reference refuses (validation) is a result too: the test shows it.
    results.push({ id: c.id, status: 'REFUSED', error: e.name, cause: e.message, events: [], calls: {} });
  }
}
process.stdout.write(JSON.stringify({ results }));
