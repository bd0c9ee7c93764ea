package io.executions.api.json;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.executions.domain.api.Condition;
import io.executions.domain.api.ConditionKind;
import io.executions.domain.api.ExecutionType;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A condition in the JSON of the seed: {@code {"request": {"method": "/a.b.S/M"}}}, {@code {"response":
 * {"service": "a.b.S"}}}, {@code {"event": {"group": "user.human"}}}, {@code {"function": {"name":
 * "preuserinfo"}}}, {@code {"request": {"all": true}}}. Exactly one type with exactly one choice (rule 5);
 * the string lengths are the domain's rule.
 */
public final class ConditionJson {
    private static final List<String> TYPES = List.of("request", "response", "function", "event");

    private ConditionJson() {
    }

    public static Condition parse(JsonObject json) {
        json.only(TYPES.toArray(String[]::new));
        Set<String> present = json.names();
        if (present.size() != 1) {
            throw new ShapeException("'" + name(json) + "' must have exactly one of request, response, function "
                    + "or event, it has " + (present.isEmpty() ? "none" : String.join(" and ", present)));
        }
        String typeName = present.iterator().next();
        ExecutionType type = ExecutionType.fromJson(typeName);
        JsonObject choiceObject = json.requireObject(typeName);
        List<String> choices = choicesOf(type);
        choiceObject.only(choices.toArray(String[]::new));
        Set<String> chosen = choiceObject.names();
        if (chosen.size() != 1) {
            throw new ShapeException("'" + choiceObject.path() + "' must have exactly one of "
                    + String.join(", ", choices) + ", it has "
                    + (chosen.isEmpty() ? "none" : String.join(" and ", chosen)));
        }
        String choice = chosen.iterator().next();
        if ("all".equals(choice)) {
            boolean all = choiceObject.bool("all").orElseThrow();
            if (!all) {
                throw new ShapeException("'" + choiceObject.path() + ".all' must be true");
            }
            return Condition.of(type, "all", null);
        }
        String value = choiceObject.requireString(choice);
        return Condition.of(type, choice, value);
    }

    public static ObjectNode write(Condition condition) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode choice = f.objectNode();
        ConditionKind kind = condition.kind();
        if (kind.isAll()) {
            choice.put("all", true);
        } else {
            choice.put(kind.choice(), condition.value());
        }
        ObjectNode root = f.objectNode();
        root.set(condition.type().json(), choice);
        return root;
    }

    private static List<String> choicesOf(ExecutionType type) {
        List<String> choices = new ArrayList<>();
        for (ConditionKind kind : ConditionKind.values()) {
            if (kind.type() == type) {
                choices.add(kind.choice());
            }
        }
        return choices;
    }

    private static String name(JsonObject json) {
        return json.path().isEmpty() ? "condition" : json.path();
    }
}
