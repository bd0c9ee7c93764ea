package io.executions.projections;

import io.executions.domain.api.Condition;
import io.executions.domain.api.ConditionKind;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.PayloadType;
import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The binary layout of one instance's stored state in a read-model snapshot. Only the stored state is
 * written; flattened lists and answers are recomputed on load, so they cannot disagree with it.
 */
final class SnapshotCodec {
    private SnapshotCodec() {
    }

    static void write(DataOutput out, StoredState stored, SecretSealer secrets) throws IOException {
        out.writeInt(stored.applied.size());
        for (Map.Entry<String, Long> e : stored.applied.entrySet()) {
            string(out, e.getKey());
            out.writeLong(e.getValue());
        }
        out.writeInt(stored.executions.size());
        for (ExecutionState exec : stored.executions.values()) {
            string(out, exec.id.value());
            string(out, exec.condition.kind().name());
            nullableString(out, exec.condition.value());
            out.writeInt(exec.entries.size());
            for (Entry entry : exec.entries) {
                if (entry instanceof Entry.Target t) {
                    out.writeByte('T');
                    string(out, t.target().value());
                } else {
                    out.writeByte('I');
                    string(out, ((Entry.Include) entry).include().value());
                }
            }
            instant(out, exec.creationDate);
            instant(out, exec.changeDate);
            out.writeLong(exec.version);
        }
        out.writeInt(stored.targets.size());
        for (Map.Entry<TargetId, TargetState> e : stored.targets.entrySet()) {
            TargetState tgt = e.getValue();
            string(out, e.getKey().value());
            out.writeBoolean(tgt.deleted);
            TargetDefinition d = tgt.definition;
            out.writeBoolean(d != null);
            if (d != null) {
                string(out, d.name());
                nullableString(out, d.type() == null ? null : d.type().name());
                out.writeBoolean(d.interruptOnError());
                nullableString(out, d.endpoint());
                out.writeBoolean(d.timeout() != null);
                if (d.timeout() != null) {
                    out.writeLong(d.timeout().getSeconds());
                    out.writeInt(d.timeout().getNano());
                }
                nullableString(out, d.signingKey() == null ? null : secrets.seal(d.signingKey()));
                nullableString(out, d.previousSigningKey() == null ? null : secrets.seal(d.previousSigningKey()));
                out.writeBoolean(d.previousSigningKeyExpires() != null);
                if (d.previousSigningKeyExpires() != null) {
                    instant(out, d.previousSigningKeyExpires());
                }
                string(out, d.payloadType().name());
            }
            instant(out, tgt.creationDate);
            instant(out, tgt.changeDate);
            out.writeLong(tgt.version);
        }
    }

    static void read(DataInput in, StoredState stored, SecretSealer secrets) throws IOException {
        int applied = count(in);
        for (int i = 0; i < applied; i++) {
            stored.applied.put(string(in), in.readLong());
        }
        int executions = count(in);
        for (int i = 0; i < executions; i++) {
            ExecutionState exec = new ExecutionState(new ExecutionId(string(in)));
            exec.condition = new Condition(ConditionKind.valueOf(string(in)), nullableString(in));
            int entries = count(in);
            List<Entry> list = new ArrayList<>(entries);
            for (int j = 0; j < entries; j++) {
                byte kind = in.readByte();
                String ref = string(in);
                list.add(switch (kind) {
                    case 'T' -> new Entry.Target(new TargetId(ref));
                    case 'I' -> new Entry.Include(new ExecutionId(ref));
                    default -> throw new IOException("unknown entry kind " + kind);
                });
            }
            exec.entries = List.copyOf(list);
            exec.creationDate = instant(in);
            exec.changeDate = instant(in);
            exec.version = in.readLong();
            stored.restore(exec);
        }
        int targets = count(in);
        for (int i = 0; i < targets; i++) {
            TargetId id = new TargetId(string(in));
            TargetState tgt = new TargetState();
            tgt.deleted = in.readBoolean();
            if (in.readBoolean()) {
                String name = string(in);
                String type = nullableString(in);
                boolean interrupt = in.readBoolean();
                String endpoint = nullableString(in);
                Duration timeout = in.readBoolean() ? Duration.ofSeconds(in.readLong(), in.readInt()) : null;
                String key = nullableString(in);
                String previousKey = nullableString(in);
                Instant previousExpires = in.readBoolean() ? instant(in) : null;
                PayloadType payloadType = PayloadType.valueOf(string(in));
                tgt.definition = new TargetDefinition(name, type == null ? null : TargetType.valueOf(type), interrupt,
                        endpoint, timeout, key == null ? null : secrets.open(key),
                        previousKey == null ? null : secrets.open(previousKey), previousExpires, payloadType);
            }
            tgt.creationDate = instant(in);
            tgt.changeDate = instant(in);
            tgt.version = in.readLong();
            stored.targets.put(id, tgt);
        }
    }

    private static int count(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative count " + n);
        }
        return n;
    }

    static void string(DataOutput out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String string(DataInput in) throws IOException {
        int length = count(in);
        if (length > 16 * 1024 * 1024) {
            throw new IOException("string of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void nullableString(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            string(out, s);
        }
    }

    private static String nullableString(DataInput in) throws IOException {
        return in.readBoolean() ? string(in) : null;
    }

    private static void instant(DataOutput out, Instant at) throws IOException {
        out.writeBoolean(at != null);
        if (at != null) {
            out.writeLong(at.getEpochSecond());
            out.writeInt(at.getNano());
        }
    }

    private static Instant instant(DataInput in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }
}
