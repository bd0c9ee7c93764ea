// A client we did not write (@connectrpc/connect-node with @bufbuild/protobuf, schema from our descriptor set)
// calls the server: create a target, set an execution with an include, list it, and one rule error with its
// zitadel.v1.ErrorDetail. Run by OutsideClientsTest: node outside-clients.mjs <baseUrl> <descriptor set> <token>
// <grpc|grpcweb|connect-json|connect-binary>; prints one JSON object with what it saw.
import { readFileSync } from "node:fs";
import { createClient, ConnectError } from "@connectrpc/connect";
import { createGrpcTransport, createGrpcWebTransport, createConnectTransport } from "@connectrpc/connect-node";
import { createFileRegistry, fromBinary, fromJson, toJson } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";

const [baseUrl, descriptorSet, token, protocol] = process.argv.slice(2);
const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(descriptorSet)));
const service = registry.getService("zitadel.action.v2beta.ActionService");
const errorDetail = registry.getMessage("zitadel.v1.ErrorDetail");
const auth = { Authorization: `Bearer ${token}` };
const transport = protocol === "grpc"
  ? createGrpcTransport({ baseUrl, httpVersion: "2" })
  : protocol === "grpcweb"
    ? createGrpcWebTransport({ baseUrl, httpVersion: "1.1" })
    : createConnectTransport({ baseUrl, httpVersion: "1.1", useBinaryFormat: protocol === "connect-binary" });
const client = createClient(service, transport);

function method(name) {
  return service.methods.find((m) => m.name === name);
}

async function call(name, json) {
  const m = method(name);
  const answer = await client[m.localName](fromJson(m.input, json, { registry }), { headers: auth });
  return toJson(m.output, answer, { registry });
}

const run = Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
const svc = { request: { service: "test.v1.Svc" } };
const cond = { request: { method: "/test.v1.Svc/M150" } };
const out = { protocol };
const created = await call("CreateTarget", {
  name: `outside-${protocol}-${run}`, restWebhook: { interruptOnError: true },
  endpoint: "https://example.com/hook", timeout: "10s",
});
out.targetId = created.id;
await call("SetExecution", { condition: svc, targets: [{ target: created.id }] });
out.setDate = (await call("SetExecution", {
  condition: cond, targets: [{ target: created.id }, { include: svc }],
})).setDate;
const listed = await call("ListExecutions", { filters: [{ inConditionsFilter: { conditions: [cond] } }] });
out.listed = listed.executions;
try {
  await call("SetExecution", { condition: cond, targets: [{ target: "no-such-target" }] });
  out.error = null;
} catch (e) {
  const err = ConnectError.from(e);
  out.error = {
    code: err.code,
    message: err.rawMessage,
    details: err.findDetails(errorDetail).map((d) => ({ id: d.id, message: d.message })),
  };
}
console.log(JSON.stringify(out));
