package io.executions.api.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.executions.domain.api.Entry;

import java.util.ArrayList;
import java.util.List;

/**
 * The entries of an execution: {@code [{"target": "T1"}, {"include": <condition>}]}, or, as ZITADEL's later
 * v2 API sends them, an array of target ids {@code ["T1", "T2"]}. One array is one form: mixing is refused.
 */
public final class EntryJson {
    private EntryJson() {
    }

    public static List<Entry> parse(List<JsonObject.Element> elements, String path) {
        List<Entry> entries = new ArrayList<>(elements.size());
        boolean strings = !elements.isEmpty() && elements.get(0).isString();
        for (JsonObject.Element element : elements) {
            if (element.isString() != strings) {
                throw new ShapeException("'" + path + "' must be either all target ids (strings) or all objects "
                        + "{\"target\": id} / {\"include\": condition}; '" + element.path() + "' breaks that");
            }
            if (strings) {
                entries.add(Entry.target(element.string()));
            } else {
                entries.add(parseObject(element.object()));
            }
        }
        return entries;
    }

    private static Entry parseObject(JsonObject entry) {
        entry.only("target", "include");
        boolean target = entry.has("target");
        boolean include = entry.has("include");
        if (target == include) {
            throw new ShapeException("'" + entry.path() + "' must have exactly one of target or include, it has "
                    + (target ? "both" : "neither"));
        }
        if (target) {
            return Entry.target(entry.requireString("target"));
        }
        return Entry.include(ConditionJson.parse(entry.requireObject("include")));
    }

    public static ArrayNode write(List<Entry> entries) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Entry entry : entries) {
            ObjectNode node = array.addObject();
            if (entry instanceof Entry.Target t) {
                node.put("target", t.target().value());
            } else if (entry instanceof Entry.Include i) {
                node.set("include", ConditionJson.write(i.condition()));
            }
        }
        return array;
    }
}
