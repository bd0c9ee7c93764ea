package io.executions.projections;

import io.executions.domain.api.Condition;
import io.executions.domain.api.ConditionKind;
import io.executions.domain.api.Entry;
import io.executions.domain.api.ExecutionId;
import io.executions.domain.api.PayloadType;
import io.executions.domain.api.TargetDefinition;
import io.executions.domain.api.TargetId;
import io.executions.domain.api.TargetType;

import java.io.DataOutput;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary layout of the read models in a snapshot. Only the stored state is written; flattened lists and
 * answers are recomputed on load, so they cannot disagree with it.
 *
 * <p>Made for a fast start (BENCHMARKS.md "Scale goals": first correct resolve within 1 s of a fresh JVM at
 * 100k executions): counts and lengths are varints; a string that recurs (target ids, included execution
 * ids) is written once and then referred to by its number, and the reader keeps one {@link TargetId},
 * {@link Entry.Target} and {@link Entry.Include} per such string, so 100k executions naming 5,000 targets
 * load 5,000 target entries, not 300,000 (less to parse, less to allocate, less to collect while the heap
 * grows); enums are ordinals. The reader works on a buffer already in memory (and checksummed).
 */
final class SnapshotCodec {
    private static final ConditionKind[] KINDS = ConditionKind.values();
    private static final TargetType[] TARGET_TYPES = TargetType.values();
    private static final PayloadType[] PAYLOAD_TYPES = PayloadType.values();
    private static final int MAX_STRING = 16 * 1024 * 1024;

    private SnapshotCodec() {
    }

    /** Writes a snapshot; one per snapshot, so that strings recurring across instances are written once. */
    static final class Writer {
        private final DataOutput out;
        private final SecretSealer secrets;
        private final Map<String, Integer> table = new HashMap<>();

        Writer(DataOutput out, SecretSealer secrets) {
            this.out = out;
            this.secrets = secrets;
        }

        void write(StoredState stored) throws IOException {
            varint(stored.applied.size());
            for (Map.Entry<String, Long> e : stored.applied.entrySet()) {
                string(e.getKey());
                out.writeLong(e.getValue());
            }
            varint(stored.executions.size());
            for (ExecutionState exec : stored.executions.values()) {
                // its id is also referred to by the executions that include it
                ref(exec.id.value());
                out.writeByte(exec.condition.kind().ordinal());
                nullableString(exec.condition.value());
                varint(exec.entries.size());
                for (Entry entry : exec.entries) {
                    if (entry instanceof Entry.Target t) {
                        out.writeByte('T');
                        ref(t.target().value());
                    } else {
                        out.writeByte('I');
                        ref(((Entry.Include) entry).include().value());
                    }
                }
                instant(exec.creationDate);
                instant(exec.changeDate);
                out.writeLong(exec.version);
            }
            varint(stored.targets.size());
            for (Map.Entry<TargetId, TargetState> e : stored.targets.entrySet()) {
                TargetState tgt = e.getValue();
                ref(e.getKey().value());
                out.writeBoolean(tgt.deleted);
                TargetDefinition d = tgt.definition;
                out.writeBoolean(d != null);
                if (d != null) {
                    string(d.name());
                    out.writeByte(d.type() == null ? -1 : d.type().ordinal());
                    out.writeBoolean(d.interruptOnError());
                    nullableString(d.endpoint());
                    out.writeBoolean(d.timeout() != null);
                    if (d.timeout() != null) {
                        out.writeLong(d.timeout().getSeconds());
                        out.writeInt(d.timeout().getNano());
                    }
                    nullableString(d.signingKey() == null ? null : secrets.seal(d.signingKey()));
                    nullableString(d.previousSigningKey() == null ? null : secrets.seal(d.previousSigningKey()));
                    instant(d.previousSigningKeyExpires());
                    out.writeByte(d.payloadType().ordinal());
                }
                instant(tgt.creationDate);
                instant(tgt.changeDate);
                out.writeLong(tgt.version);
            }
        }

        void varint(int value) throws IOException {
            int v = value;
            while ((v & ~0x7F) != 0) {
                out.writeByte((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            out.writeByte(v);
        }

        void string(String s) throws IOException {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            varint(bytes.length);
            out.write(bytes);
        }

        /** A string that may recur: its number + 1 when written before, else 0 and the string. */
        void ref(String s) throws IOException {
            Integer known = table.get(s);
            if (known != null) {
                varint(known + 1);
            } else {
                table.put(s, table.size());
                varint(0);
                string(s);
            }
        }

        private void nullableString(String s) throws IOException {
            out.writeBoolean(s != null);
            if (s != null) {
                string(s);
            }
        }

        private void instant(Instant at) throws IOException {
            out.writeBoolean(at != null);
            if (at != null) {
                out.writeLong(at.getEpochSecond());
                out.writeInt(at.getNano());
            }
        }
    }

    /** Reads what a {@link Writer} wrote, from a heap buffer; any damage is an {@link IOException}. */
    static final class Reader {
        private final ByteBuffer in;
        private final byte[] array;
        private final SecretSealer secrets;
        private String[] table = new String[1024];
        private Object[] targetIds = new Object[1024];
        private Object[] executionIds = new Object[1024];
        private Object[] targetEntries = new Object[1024];
        private Object[] includeEntries = new Object[1024];
        private int size;

        Reader(ByteBuffer in, SecretSealer secrets) {
            if (!in.hasArray()) {
                throw new IllegalArgumentException("a heap buffer is required");
            }
            this.in = in;
            this.array = in.array();
            this.secrets = secrets;
        }

        void read(StoredState stored) throws IOException {
            try {
                readState(stored);
            } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
                throw new IOException("damaged read-model snapshot: " + e, e);
            }
        }

        private void readState(StoredState stored) throws IOException {
            int applied = count();
            stored.reserveApplied(applied);
            for (int i = 0; i < applied; i++) {
                stored.applied.put(string(), in.getLong());
            }
            int executions = count();
            stored.reserveExecutions(executions);
            for (int i = 0; i < executions; i++) {
                int id = ref();
                ExecutionState exec = new ExecutionState(executionId(id));
                exec.condition = new Condition(kind(), nullableString());
                int count = count();
                Entry[] entries = new Entry[count];
                for (int j = 0; j < count; j++) {
                    byte kind = in.get();
                    int ref = ref();
                    entries[j] = switch (kind) {
                        case 'T' -> targetEntry(ref);
                        case 'I' -> includeEntry(ref);
                        default -> throw new IOException("unknown entry kind " + kind);
                    };
                }
                exec.entries = List.of(entries);
                exec.creationDate = instant();
                exec.changeDate = instant();
                exec.version = in.getLong();
                stored.restore(exec);
            }
            int targets = count();
            for (int i = 0; i < targets; i++) {
                TargetId id = targetId(ref());
                TargetState tgt = new TargetState();
                tgt.deleted = bool();
                if (bool()) {
                    String name = string();
                    byte type = in.get();
                    boolean interrupt = bool();
                    String endpoint = nullableString();
                    Duration timeout = bool() ? Duration.ofSeconds(in.getLong(), in.getInt()) : null;
                    String key = nullableString();
                    String previousKey = nullableString();
                    Instant previousExpires = instant();
                    PayloadType payloadType = PAYLOAD_TYPES[in.get()];
                    tgt.definition = new TargetDefinition(name, type < 0 ? null : TARGET_TYPES[type], interrupt,
                            endpoint, timeout, key == null ? null : secrets.open(key),
                            previousKey == null ? null : secrets.open(previousKey), previousExpires, payloadType);
                }
                tgt.creationDate = instant();
                tgt.changeDate = instant();
                tgt.version = in.getLong();
                stored.targets.put(id, tgt);
            }
        }

        private ConditionKind kind() {
            return KINDS[in.get()];
        }

        private boolean bool() {
            return in.get() != 0;
        }

        /** A number of items that follow, each at least a byte: never more than the bytes left. */
        int count() throws IOException {
            int n = varint();
            if (n > in.remaining()) {
                throw new IOException("count " + n + " with " + in.remaining() + " bytes left");
            }
            return n;
        }

        int varint() throws IOException {
            int value = 0;
            for (int shift = 0; shift < 32; shift += 7) {
                byte b = in.get();
                value |= (b & 0x7F) << shift;
                if (b >= 0) {
                    if (value < 0) {
                        throw new IOException("negative count " + value);
                    }
                    return value;
                }
            }
            throw new IOException("varint longer than 5 bytes");
        }

        String string() throws IOException {
            int length = varint();
            if (length > MAX_STRING || length > in.remaining()) {
                throw new IOException("string of " + length + " bytes");
            }
            int at = in.position();
            in.position(at + length);
            return new String(array, in.arrayOffset() + at, length, StandardCharsets.UTF_8);
        }

        private String nullableString() throws IOException {
            return bool() ? string() : null;
        }

        /** The number of a recurring string, reading it when it is new. */
        int ref() throws IOException {
            int n = varint();
            if (n == 0) {
                if (size == table.length) {
                    int grown = size * 2;
                    table = Arrays.copyOf(table, grown);
                    targetIds = Arrays.copyOf(targetIds, grown);
                    executionIds = Arrays.copyOf(executionIds, grown);
                    targetEntries = Arrays.copyOf(targetEntries, grown);
                    includeEntries = Arrays.copyOf(includeEntries, grown);
                }
                table[size] = string();
                return size++;
            }
            if (n > size) {
                throw new IOException("reference to string " + n + " of " + size);
            }
            return n - 1;
        }

        String text(int ref) {
            return table[ref];
        }

        private ExecutionId executionId(int ref) {
            Object id = executionIds[ref];
            if (id == null) {
                id = new ExecutionId(table[ref]);
                executionIds[ref] = id;
            }
            return (ExecutionId) id;
        }

        private TargetId targetId(int ref) {
            Object id = targetIds[ref];
            if (id == null) {
                id = new TargetId(table[ref]);
                targetIds[ref] = id;
            }
            return (TargetId) id;
        }

        private Entry targetEntry(int ref) {
            Object entry = targetEntries[ref];
            if (entry == null) {
                entry = new Entry.Target(targetId(ref));
                targetEntries[ref] = entry;
            }
            return (Entry) entry;
        }

        private Entry includeEntry(int ref) {
            Object entry = includeEntries[ref];
            if (entry == null) {
                entry = new Entry.Include(executionId(ref));
                includeEntries[ref] = entry;
            }
            return (Entry) entry;
        }

        private Instant instant() {
            return bool() ? Instant.ofEpochSecond(in.getLong(), in.getInt()) : null;
        }
    }
}
