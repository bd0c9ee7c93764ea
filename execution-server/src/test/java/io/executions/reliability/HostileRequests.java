package io.executions.reliability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.executions.reliability.TestConfig.ADMIN;
import static io.executions.reliability.TestConfig.quote;

/**
 * A generator of malformed and hostile requests. None of them may write: bodies of the write endpoints
 * are always broken in a way the contract refuses, and requests that carry a valid write are sent with a
 * token that must not pass.
 */
final class HostileRequests {
    /** One request, with the category it was generated from (for the figures and failure messages). */
    record Request(String category, String method, String path, String authorization, byte[] body,
                   boolean mustBeRefused, byte[] rawPath) {
        Request(String category, String method, String path, String authorization, byte[] body,
                boolean mustBeRefused) {
            this(category, method, path, authorization, body, mustBeRefused, null);
        }

        @Override
        public String toString() {
            String shown = body == null ? "<no body>" : body.length > 400
                    ? new String(body, 0, 400, StandardCharsets.UTF_8) + "... (" + body.length + " bytes)"
                    : new String(body, StandardCharsets.UTF_8);
            return category + ": " + method + " " + (path.length() > 200 ? path.substring(0, 200) + "..." : path)
                    + " auth=" + (authorization == null ? "<none>" : authorization.length() > 60
                    ? authorization.substring(0, 60) + "..." : authorization) + " body=" + shown;
        }
    }

    /** A body template of one endpoint and which string fields may be replaced without making it valid. */
    private record Template(String method, String path, String json, boolean writes, Set<String> boundedStrings) {
    }

    private static final String BEARER_ADMIN = "Bearer " + ADMIN;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> CONDITION_STRINGS = Set.of("method", "service", "event", "group", "name", "target");

    private final String ownTarget;
    private final String otherInstanceTarget;
    private final String otherInstanceMethod;
    private final List<Template> templates;

    /**
     * @param ownTarget           a live target of instance i1 (the caller's)
     * @param otherInstanceTarget a live target of instance i2
     * @param otherInstanceMethod a method whose execution is set in i2 only
     */
    HostileRequests(String ownTarget, String otherInstanceTarget, String otherInstanceMethod) {
        this.ownTarget = ownTarget;
        this.otherInstanceTarget = otherInstanceTarget;
        this.otherInstanceMethod = otherInstanceMethod;
        String m3 = TestConfig.requestMethod(3);
        this.templates = List.of(
                new Template("PUT", "/v2beta/actions/executions", "{\"condition\": " + m3 + ", \"targets\": [{\"target\": "
                        + quote(ownTarget) + "}, {\"include\": " + TestConfig.requestMethod(1) + "}]}", true,
                        CONDITION_STRINGS),
                new Template("PUT", "/v2beta/actions/executions", "{\"condition\": {\"event\": {\"group\": "
                        + "\"user.human\"}}, \"targets\": [" + quote(ownTarget) + "]}", true, CONDITION_STRINGS),
                new Template("PUT", "/v2beta/actions/executions", "{\"condition\": {\"response\": {\"all\": true}}, "
                        + "\"targets\": [{\"target\": " + quote(ownTarget) + "}]}", true, CONDITION_STRINGS),
                new Template("PUT", "/v2beta/actions/executions", "{\"condition\": {\"function\": {\"name\": "
                        + "\"preuserinfo\"}}, \"targets\": [{\"target\": " + quote(ownTarget) + "}]}", true,
                        CONDITION_STRINGS),
                new Template("POST", "/v2beta/actions/targets", "{\"name\": \"hostile\", \"restWebhook\": "
                        + "{\"interruptOnError\": true}, \"endpoint\": \"https://example.com/x\", \"timeout\": \"10s\"}",
                        true, Set.of("endpoint", "timeout")),
                new Template("POST", "/v2beta/actions/targets/" + ownTarget, "{\"timeout\": \"5s\", \"endpoint\": "
                        + "\"https://example.com/y\"}", true, Set.of("endpoint", "timeout")),
                new Template("POST", "/v2beta/actions/executions/_resolve", "{\"request\": {\"method\": "
                        + quote(TestConfig.method(3)) + "}}", false, null),
                new Template("POST", "/v2beta/actions/executions/_search", "{\"pagination\": {\"offset\": 0, "
                        + "\"limit\": 10, \"asc\": true}, \"sortingColumn\": \"EXECUTION_FIELD_NAME_ID\", \"filters\": "
                        + "[{\"executionTypeFilter\": {\"executionType\": \"EXECUTION_TYPE_REQUEST\"}}, "
                        + "{\"inConditionsFilter\": {\"conditions\": [" + m3 + "]}}]}", false, null),
                new Template("POST", "/v2beta/actions/executions/_history", "{\"condition\": " + m3 + "}", false, null),
                new Template("POST", "/v2beta/actions/targets/_search", "{\"filters\": [{\"targetNameFilter\": "
                        + "{\"targetName\": \"x\", \"method\": \"TEXT_FILTER_METHOD_CONTAINS\"}}, "
                        + "{\"inTargetIdsFilter\": {\"targetIds\": [" + quote(ownTarget) + "]}}]}", false, null));
    }

    Arbitrary<Request> any() {
        return Arbitraries.frequencyOf(
                Tuple.of(10, gen("broken JSON", this::brokenJson)),
                Tuple.of(10, gen("wrong type", this::wrongType)),
                Tuple.of(8, gen("unknown field", this::unknownField)),
                Tuple.of(8, gen("duplicate key", this::duplicateKey)),
                Tuple.of(6, gen("huge string", this::hugeString)),
                Tuple.of(1, gen("body over 1 MiB", this::hugeBody)),
                Tuple.of(5, gen("deep nesting", this::deepNesting)),
                Tuple.of(4, gen("thousands of entries", this::thousandsOfEntries)),
                Tuple.of(8, gen("invalid UTF-8", this::invalidUtf8)),
                Tuple.of(8, gen("control characters in a condition", this::controlCharacters)),
                Tuple.of(8, gen("ids of another instance", this::otherInstance)),
                Tuple.of(10, gen("wrong method or path", this::wrongMethodOrPath)),
                Tuple.of(10, gen("missing or invalid token", this::badToken)));
    }

    private interface Maker {
        Request make(Random random, String category);
    }

    private static Arbitrary<Request> gen(String category, Maker maker) {
        return Arbitraries.randomValue(random -> maker.make(random, category));
    }

    // ---- bodies ----------------------------------------------------------------------------------

    private Template template(Random random) {
        return templates.get(random.nextInt(templates.size()));
    }

    private static Request request(String category, Template t, byte[] body) {
        return new Request(category, t.method(), t.path(), BEARER_ADMIN, body, t.writes());
    }

    private Request brokenJson(Random random, String category) {
        Template t = template(random);
        byte[] valid = t.json().getBytes(StandardCharsets.UTF_8);
        byte[] body = switch (random.nextInt(6)) {
            // a strict prefix of an object is never a whole JSON value
            case 0 -> java.util.Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1));
            case 1 -> pick(random, "{", "[", "}", "{\"condition\":}", "{\"condition\" {}}", "{,}", "{\"a\":1,}",
                    "[1,2", "{\"targets\": [}", "nul", "tru", "{'condition': 1}", "{condition: {}}", "\"",
                    "{\"condition\": {\"request\": {\"method\": \"/a/b}}}").getBytes(StandardCharsets.UTF_8);
            case 2 -> (t.json() + pick(random, "}", "]", " {}", ",", " x", " null", "{\"a\": 1}"))
                    .getBytes(StandardCharsets.UTF_8);
            case 3 -> pick(random, "null", "[]", "42", "\"text\"", "true", "[{}]", "-0.5e7")
                    .getBytes(StandardCharsets.UTF_8);
            case 4 -> {
                byte[] junk = new byte[1 + random.nextInt(2000)];
                random.nextBytes(junk);
                junk[0] = (byte) "{[\"x0-".charAt(random.nextInt(6));
                yield junk;
            }
            default -> ("{/* comment */ " + t.json().substring(1)).getBytes(StandardCharsets.UTF_8);
        };
        return request(category, t, body);
    }

    private Request wrongType(Random random, String category) {
        Template t = template(random);
        ObjectNode root = parse(t.json());
        Slot slot = randomSlot(random, root, s -> true);
        slot.set(otherType(random, slot.value()));
        return request(category, t, bytes(root));
    }

    private static JsonNode otherType(Random random, JsonNode original) {
        List<JsonNode> choices = new ArrayList<>();
        if (!original.isTextual()) {
            choices.add(NODES.textNode(pick(random, "", "x", "true", "10", "{}")));
        }
        if (!original.isNumber()) {
            choices.add(NODES.numberNode(pick(random, 0, 1, -1, Integer.MAX_VALUE)));
            choices.add(NODES.numberNode(1.5e300));
        }
        if (!original.isBoolean()) {
            choices.add(NODES.booleanNode(random.nextBoolean()));
        }
        if (!original.isArray()) {
            choices.add(NODES.arrayNode().add(1).add("x"));
            choices.add(NODES.arrayNode());
        }
        if (!original.isObject()) {
            choices.add(NODES.objectNode().put("x", 1));
        }
        if (!original.isNull()) {
            choices.add(NODES.nullNode());
        }
        return choices.get(random.nextInt(choices.size()));
    }

    private Request unknownField(Random random, String category) {
        Template t = template(random);
        ObjectNode root = parse(t.json());
        List<ObjectNode> objects = new ArrayList<>();
        collectObjects(root, objects);
        ObjectNode target = objects.get(random.nextInt(objects.size()));
        target.set(pick(random, "unknown", "conditions", "target_id", "Targets", "__proto__", "@type", "id"),
                pick(random, NODES.numberNode(1), NODES.textNode("x"), NODES.nullNode(), NODES.objectNode()));
        return request(category, t, bytes(root));
    }

    private Request duplicateKey(Random random, String category) {
        Template t = template(random);
        ObjectNode root = parse(t.json());
        List<ObjectNode> objects = new ArrayList<>();
        collectObjects(root, objects);
        objects.removeIf(o -> o.isEmpty());
        ObjectNode target = objects.get(random.nextInt(objects.size()));
        List<String> names = new ArrayList<>();
        target.fieldNames().forEachRemaining(names::add);
        String duplicated = names.get(random.nextInt(names.size()));
        StringBuilder out = new StringBuilder();
        render(root, target, duplicated, random.nextBoolean(), out);
        return request(category, t, out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Request hugeString(Random random, String category) {
        Template t = template(random);
        ObjectNode root = parse(t.json());
        Slot slot = randomSlot(random, root, s -> s.value().isTextual() && allowed(t, s.name()));
        int length = pick(random, 1001, 1002, 4096, 65_536, 200_000);
        StringBuilder huge = new StringBuilder(length + 20);
        String unit = pick(random, "x", "é", "\uD83D\uDE00", "/", ".");
        if (slot.name().equals("method")) {
            huge.append("/test.v1.Svc/");
        }
        huge.append(unit.repeat(length));
        slot.set(NODES.textNode(huge.toString()));
        return request(category, t, bytes(root));
    }

    private Request hugeBody(Random random, String category) {
        Template t = template(random);
        int size = (1 << 20) + 1 + random.nextInt(300_000);
        byte[] body;
        if (random.nextBoolean()) {
            // a valid body padded with whitespace past the limit
            byte[] valid = t.json().getBytes(StandardCharsets.UTF_8);
            body = new byte[Math.max(size, valid.length + 1)];
            java.util.Arrays.fill(body, (byte) ' ');
            System.arraycopy(valid, 0, body, body.length - valid.length, valid.length);
        } else {
            // a targets list with one huge target id
            StringBuilder sb = new StringBuilder("{\"condition\": " + TestConfig.requestMethod(2)
                    + ", \"targets\": [{\"target\": \"");
            while (sb.length() < size) {
                sb.append("aaaaaaaaaaaaaaaa");
            }
            body = sb.append("\"}]}").toString().getBytes(StandardCharsets.UTF_8);
            return new Request(category, "PUT", "/v2beta/actions/executions", BEARER_ADMIN, body, true);
        }
        return request(category, t, body);
    }

    private Request deepNesting(Random random, String category) {
        Template t = template(random);
        int depth = pick(random, 200, 1001, 5000, 50_000);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        String nested = open.repeat(depth) + "1" + close.repeat(depth);
        ObjectNode root = parse(t.json());
        Slot slot = randomSlot(random, root, s -> true);
        String marker = "\"@@NEST@@\"";
        slot.set(NODES.textNode("@@NEST@@"));
        String json = new String(bytes(root), StandardCharsets.UTF_8).replace(marker, nested);
        return request(category, t, json.getBytes(StandardCharsets.UTF_8));
    }

    private Request thousandsOfEntries(Random random, String category) {
        int n = pick(random, 101, 1000, 5000, 10_000);
        StringBuilder sb = new StringBuilder();
        switch (random.nextInt(4)) {
            case 0 -> {
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ",").append("{\"target\": \"t").append(i).append("\"}");
                }
                return new Request(category, "PUT", "/v2beta/actions/executions", BEARER_ADMIN,
                        ("{\"condition\": " + TestConfig.requestMethod(4) + ", \"targets\": [" + sb + "]}")
                                .getBytes(StandardCharsets.UTF_8), true);
            }
            case 1 -> {
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ",").append(quote(ownTarget));
                }
                return new Request(category, "PUT", "/v2beta/actions/executions", BEARER_ADMIN,
                        ("{\"condition\": " + TestConfig.requestMethod(4) + ", \"targets\": [" + sb + "]}")
                                .getBytes(StandardCharsets.UTF_8), true);
            }
            case 2 -> {
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ",").append(TestConfig.requestMethod(i % 60));
                }
                return new Request(category, "POST", "/v2beta/actions/executions/_search", BEARER_ADMIN,
                        ("{\"filters\": [{\"inConditionsFilter\": {\"conditions\": [" + sb + "]}}]}")
                                .getBytes(StandardCharsets.UTF_8), false);
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ",").append("{\"inTargetIdsFilter\": {\"targetIds\": [\"t").append(i)
                            .append("\"]}}");
                }
                return new Request(category, "POST", "/v2beta/actions/targets/_search", BEARER_ADMIN,
                        ("{\"filters\": [" + sb + "]}").getBytes(StandardCharsets.UTF_8), false);
            }
        }
    }

    private Request invalidUtf8(Random random, String category) {
        Template t = template(random);
        ObjectNode root = parse(t.json());
        Slot slot = randomSlot(random, root, s -> s.value().isTextual() && allowed(t, s.name()));
        String marker = "@@BYTES@@";
        slot.set(NODES.textNode(slot.value().asText() + marker));
        byte[] json = bytes(root);
        byte[] bad = pick(random, new byte[]{(byte) 0xFF}, new byte[]{(byte) 0xC3}, new byte[]{(byte) 0xC0, (byte) 0xAF},
                new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[]{(byte) 0xF8, (byte) 0x88, (byte) 0x80,
                        (byte) 0x80, (byte) 0x80}, new byte[]{(byte) 0x80}, new byte[]{(byte) 0xE2, (byte) 0x82},
                new byte[]{(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});
        return request(category, t, replace(json, marker.getBytes(StandardCharsets.UTF_8), bad));
    }

    private Request controlCharacters(Random random, String category) {
        String control = pick(random, "\u0000", "\n", "\r\n", "\t", "\u001b[31m", "\u007f", "\u202e", "\u200b",
                "\uFEFF", "\uD800", "\uDFFF", "\u0085", "\u2028");
        String[] bases = {TestConfig.method(5), "/" + TestConfig.SERVICE + "/", TestConfig.SERVICE, "user.human.added",
                "user.human", "preuserinfo"};
        int which = random.nextInt(bases.length);
        String base = bases[which];
        int at = random.nextInt(base.length() + 1);
        String value = base.substring(0, at) + control + base.substring(at);
        String condition = switch (which) {
            case 0, 1 -> "{\"" + pick(random, "request", "response") + "\": {\"method\": " + quote(value) + "}}";
            case 2 -> "{\"request\": {\"service\": " + quote(value) + "}}";
            case 3 -> "{\"event\": {\"event\": " + quote(value) + "}}";
            case 4 -> "{\"event\": {\"group\": " + quote(value) + "}}";
            default -> "{\"function\": {\"name\": " + quote(value) + "}}";
        };
        if (random.nextInt(3) == 0) {
            // raw, unescaped control characters inside a JSON string are not JSON
            condition = condition.replace(quote(value), "\"" + value + "\"");
        }
        return switch (random.nextInt(4)) {
            case 0 -> new Request(category, "PUT", "/v2beta/actions/executions", BEARER_ADMIN, utf8("{\"condition\": "
                    + condition + ", \"targets\": [" + quote(ownTarget) + "]}"), true);
            case 1 -> new Request(category, "PUT", "/v2beta/actions/executions", BEARER_ADMIN, utf8("{\"condition\": "
                    + TestConfig.requestMethod(6) + ", \"targets\": [{\"include\": " + condition + "}]}"), true);
            case 2 -> new Request(category, "POST", "/v2beta/actions/executions/_history", BEARER_ADMIN,
                    utf8("{\"condition\": " + condition + "}"), false);
            default -> new Request(category, "POST", "/v2beta/actions/executions/_resolve", BEARER_ADMIN,
                    utf8(condition), false);
        };
    }

    private Request otherInstance(Random random, String category) {
        String target = "/v2beta/actions/targets/" + otherInstanceTarget;
        return switch (random.nextInt(6)) {
            case 0 -> new Request(category, "GET", target, BEARER_ADMIN, null, true);
            case 1 -> new Request(category, "POST", target, BEARER_ADMIN,
                    utf8("{\"timeout\": \"7s\", \"name\": \"stolen\"}"), true);
            // deleting an id this instance never saw succeeds with the zero date and must write nothing
            case 2 -> new Request(category, "DELETE", target, BEARER_ADMIN, null, false);
            case 3 -> new Request(category, "PUT", "/v2beta/actions/executions", BEARER_ADMIN,
                    utf8("{\"condition\": " + TestConfig.requestMethod(7) + ", \"targets\": ["
                            + quote(otherInstanceTarget) + "]}"), true);
            case 4 -> new Request(category, "PUT", "/v2beta/actions/executions", BEARER_ADMIN,
                    utf8("{\"condition\": " + TestConfig.requestMethod(7) + ", \"targets\": [{\"include\": "
                            + "{\"request\": {\"method\": " + quote(otherInstanceMethod) + "}}}]}"), true);
            default -> new Request(category, "POST", "/v2beta/actions/targets/_search", BEARER_ADMIN,
                    utf8("{\"filters\": [{\"inTargetIdsFilter\": {\"targetIds\": [" + quote(otherInstanceTarget)
                            + "]}}]}"), false);
        };
    }

    private Request wrongMethodOrPath(Random random, String category) {
        String method = pick(random, "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO");
        String never = "never-" + random.nextInt(1_000_000);
        String path = pick(random, "/", "/v2beta", "/v2beta/actions", "/v2beta/actions/", "/v2beta/actions/executions/x/y",
                "/v2beta/actions/executions/_resolve/", "/v2beta/actions/targets/a/b", "/v2beta/actions/targets/_search/x",
                "/v2beta/actions/executions/%zz", "/v2beta/actions/targets/%00", "/v2beta/actions/targets/%E2%28%A1",
                "/v2beta/actions/targets/%ff%fe", "/v2beta/actions/targets/" + "x".repeat(201),
                "/v2beta/actions/targets/" + "%41".repeat(3000), "/v2beta/actions/../actions/targets/" + never,
                "/V2BETA/actions/executions", "/v2/actions/executions", "/healthz/x", "/v2beta/actions/executions?x=1",
                "/v2beta/actions/targets/" + never, "/v2beta/actions/executions/functions/" + never,
                "/v2beta/actions/executions;jsessionid=1", "//v2beta//actions//targets//" + never);
        byte[] body = switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> utf8("{}");
            default -> utf8("{\"unknown\": true}");
        };
        byte[] raw = path.getBytes(StandardCharsets.ISO_8859_1);
        if (random.nextInt(4) == 0) {
            // raw bytes that are not UTF-8 in the path
            raw = replace((path + "@@").getBytes(StandardCharsets.ISO_8859_1), utf8("@@"),
                    pick(random, new byte[]{(byte) 0xFF}, new byte[]{(byte) 0xC3, (byte) 0x28}, new byte[]{(byte) 0x80}));
        }
        if (!isUri(raw) || path.contains("%00") || path.contains("%zz") || path.contains("/../")
                || method.length() + raw.length + " HTTP/1.1".length() + 1 > 8 * 1024) {
            // a request line that is not a URI, longer than the server's 8 KiB limit (414), or a path the HTTP
            // layer refuses before routing (encoded NUL, malformed percent-encoding, a dot segment) is answered
            // before the body is read, and a client whose body is left unread sees a reset instead of the answer
            body = null;
        }
        // GET or DELETE of an unknown id may answer 200 (delete is idempotent); nothing may be written
        return new Request(category, method, path, BEARER_ADMIN, body, false, raw);
    }

    private Request badToken(Random random, String category) {
        String authorization = pick(random, null, "", "Bearer", "Bearer ", "Bearer wrong", "Bearer " + ADMIN + "x",
                "Basic " + java.util.Base64.getEncoder().encodeToString((ADMIN + ":x").getBytes(StandardCharsets.UTF_8)),
                ADMIN, "Token " + ADMIN, "Bearer " + "a".repeat(8000), "Bearer null", "Bearer " + ADMIN.toUpperCase(),
                "Bearer " + TestConfig.ADMIN_I3_NO_ACTIONS, "Bearer " + TestConfig.NOBODY);
        // valid writes: only the token may refuse them
        Template t = templates.get(random.nextInt(6));
        String path = t.path();
        String method = t.method();
        byte[] body = utf8(t.json());
        if (random.nextInt(4) == 0) {
            method = "DELETE";
            path = "/v2beta/actions/targets/" + ownTarget;
            body = null;
        }
        return new Request(category, method, path, authorization, body, true);
    }

    /** Whether a request line's target is a URI at all (else the JDK's HTTP layer answers it). */
    static boolean isUri(byte[] rawPath) {
        try {
            new java.net.URI(new String(rawPath, StandardCharsets.ISO_8859_1));
            return true;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    // ---- JSON tree helpers -----------------------------------------------------------------------

    /** A value in a tree and how to replace it. */
    private record Slot(JsonNode container, String name, int index, JsonNode value) {
        void set(JsonNode replacement) {
            if (container instanceof ObjectNode object) {
                object.set(name, replacement);
            } else {
                ((ArrayNode) container).set(index, replacement);
            }
        }
    }

    private static Slot randomSlot(Random random, ObjectNode root, java.util.function.Predicate<Slot> filter) {
        List<Slot> slots = new ArrayList<>();
        collectSlots(root, null, slots);
        slots.removeIf(filter.negate());
        return slots.get(random.nextInt(slots.size()));
    }

    private static void collectSlots(JsonNode node, String parentName, List<Slot> out) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.add(new Slot(object, field.getKey(), -1, field.getValue()));
                collectSlots(field.getValue(), field.getKey(), out);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                // an array element takes the name of its array ("targets": ["id"] is a target id)
                out.add(new Slot(array, parentName == null ? "" : parentName.equals("targets") ? "target" : parentName,
                        i, array.get(i)));
                collectSlots(array.get(i), parentName, out);
            }
        }
    }

    private static boolean allowed(Template t, String name) {
        return t.boundedStrings() == null || t.boundedStrings().contains(name);
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> out) {
        if (node instanceof ObjectNode object) {
            out.add(object);
        }
        node.forEach(child -> collectObjects(child, out));
    }

    /** Writes JSON by hand so that one field of one object can appear twice. */
    private static void render(JsonNode node, ObjectNode duplicateIn, String duplicate, boolean sameValue,
                               StringBuilder out) {
        if (node instanceof ObjectNode object) {
            out.append('{');
            boolean first = true;
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                int copies = object == duplicateIn && field.getKey().equals(duplicate) ? 2 : 1;
                for (int c = 0; c < copies; c++) {
                    out.append(first ? "" : ", ").append(quote(field.getKey())).append(": ");
                    first = false;
                    if (c == 1 && !sameValue) {
                        out.append("null");
                    } else {
                        render(field.getValue(), duplicateIn, duplicate, sameValue, out);
                    }
                }
            }
            out.append('}');
        } else if (node instanceof ArrayNode array) {
            out.append('[');
            for (int i = 0; i < array.size(); i++) {
                out.append(i == 0 ? "" : ", ");
                render(array.get(i), duplicateIn, duplicate, sameValue, out);
            }
            out.append(']');
        } else {
            out.append(node.toString());
        }
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) Http.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return Http.JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] replace(byte[] haystack, byte[] needle, byte[] replacement) {
        String h = new String(haystack, StandardCharsets.ISO_8859_1);
        int at = h.indexOf(new String(needle, StandardCharsets.ISO_8859_1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(haystack, 0, at);
        out.writeBytes(replacement);
        out.write(haystack, at + needle.length, haystack.length - at - needle.length);
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
