package io.executions.runtime;

import io.executions.projections.LockOutGuard;
import io.executions.projections.ReadModels;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.executions.projections.SecretSealer;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * Read-model snapshots on disk (BENCHMARKS.md "Scale goals"): the read models with the store position they hold, so a
 * start loads them and replays only the tail of the store.
 *
 * <p>File: {@code EXRMSNAP}, the file format (an int), the body's length and CRC-32 (two longs), then the
 * body: the position (a gap-aware token: index, gaps), the identifier of the stored event at that index
 * (so a snapshot of another or a rebuilt store is recognised), and {@link ReadModels#writeSnapshot}. A file
 * of another format, with a wrong checksum, or whose event identifier does not match the store is ignored
 * with a warning, and the read models are replayed from the whole store. Written to a temporary file,
 * forced to disk and moved over the old one, so a crash mid-write leaves the previous snapshot.
 */
final class ReadModelSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(ReadModelSnapshots.class);
    private static final byte[] MAGIC = "EXRMSNAP".getBytes(StandardCharsets.US_ASCII);
    /** 2: the event identifier as a short length and UTF-8 (was Java's modified UTF-8). */
    static final int FILE_FORMAT = 2;
    private static final int HEADER = MAGIC.length + 4 + 8 + 8;

    /** A loaded snapshot: the read models and the position they hold. */
    record Loaded(ReadModels models, GapAwareTrackingToken position) {
    }

    /**
     * A snapshot read from its file and parsed, not yet matched with the store: {@link #read} needs only the
     * file, so it can run while the store opens.
     */
    record Parsed(ReadModels models, GapAwareTrackingToken position, String eventId, long millis) {
    }

    private final Path file;
    /** Seals the signing keys the read models hold, as the events do (never plaintext keys on disk). */
    private final SecretSealer secrets;
    /** The identifier of the stored event at a global index, empty when there is none. */
    private final LongFunction<Optional<String>> eventAt;

    ReadModelSnapshots(Path file, LongFunction<Optional<String>> eventAt, SecretSealer secrets) {
        this.secrets = secrets;
        this.file = file;
        this.eventAt = eventAt;
    }

    Path file() {
        return file;
    }

    /**
     * Reads and parses a snapshot file (no store needed); empty when there is none, and with a warning when
     * one was there but is damaged, of another format or unreadable. The whole file is read into memory and
     * checksummed before anything of it is parsed.
     */
    static Optional<Parsed> read(Path file, LockOutGuard guard, SecretSealer secrets) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        try {
            byte[] bytes = Files.readAllBytes(file);
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte[] magic = new byte[MAGIC.length];
            if (bytes.length < HEADER || !java.util.Arrays.equals(in.get(magic).array(), 0, MAGIC.length, MAGIC,
                    0, MAGIC.length)) {
                throw new IOException("not a read-model snapshot");
            }
            int format = in.getInt();
            if (format != FILE_FORMAT) {
                throw new IOException("snapshot file format " + format + ", this version reads " + FILE_FORMAT);
            }
            long length = in.getLong();
            long expectedCrc = in.getLong();
            if (bytes.length != HEADER + length) {
                throw new IOException("length mismatch");
            }
            CRC32 crc = new CRC32();
            crc.update(bytes, HEADER, bytes.length - HEADER);
            if (crc.getValue() != expectedCrc) {
                throw new IOException("checksum mismatch");
            }
            long index = in.getLong();
            int gapCount = in.getInt();
            if (gapCount < 0 || gapCount > in.remaining() / 8) {
                throw new IOException("gap count " + gapCount);
            }
            List<Long> gaps = new ArrayList<>(gapCount);
            for (int i = 0; i < gapCount; i++) {
                gaps.add(in.getLong());
            }
            int idLength = in.getShort() & 0xFFFF;
            String eventId = new String(bytes, in.position(), idLength, StandardCharsets.UTF_8);
            in.position(in.position() + idLength);
            ReadModels models = ReadModels.readSnapshot(in, guard, secrets);
            return Optional.of(new Parsed(models, GapAwareTrackingToken.newInstance(index, gaps), eventId,
                    (System.nanoTime() - started) / 1_000_000));
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // OutOfMemoryError: a file larger than an array (about 6 million executions) or than the heap
            LOG.warn("read-model snapshot {} is unreadable or of an older version ({}); replaying the whole store",
                    file, e.toString());
            return Optional.empty();
        }
    }

    /** The parsed snapshot when it was taken of this store (the event at its position is the one it names). */
    Optional<Loaded> accept(Optional<Parsed> parsed) {
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        Parsed p = parsed.get();
        long index = p.position().getIndex();
        Optional<String> stored = eventAt.apply(index);
        if (stored.isEmpty() || !stored.get().equals(p.eventId())) {
            LOG.warn("read-model snapshot {} was taken of another store (no event {} at position {}); "
                    + "replaying the whole store", file, p.eventId(), index);
            return Optional.empty();
        }
        return Optional.of(new Loaded(p.models(), p.position()));
    }

    /**
     * Writes the read models with the position they hold now; false (nothing written) when they have not
     * applied any tracked event yet or the position is not the store's.
     */
    boolean write(ReadModels models) throws IOException {
        // the position first: the models written after it hold at least every event up to it
        TrackingToken token = models.trackedPosition();
        if (!(token instanceof GapAwareTrackingToken position)) {
            return false;
        }
        Optional<String> eventId = eventAt.apply(position.getIndex());
        if (eventId.isEmpty()) {
            return false;
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        long length;
        CRC32 crc = new CRC32();
        Files.deleteIfExists(temp);
        try {
            // it holds the targets' signing keys, as the store does: owner only
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temp);
        }
        try (RandomAccessFile raf = new RandomAccessFile(temp.toFile(), "rw")) {
            raf.setLength(0);
            raf.write(new byte[HEADER]);
            CountingStream counter = new CountingStream(new BufferedOutputStream(Channels.newOutputStream(raf.getChannel()),
                    1 << 16));
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(counter, crc));
            out.writeLong(position.getIndex());
            out.writeInt(position.getGaps().size());
            for (Long gap : position.getGaps()) {
                out.writeLong(gap);
            }
            byte[] id = eventId.get().getBytes(StandardCharsets.UTF_8);
            out.writeShort(id.length);
            out.write(id);
            models.writeSnapshot(out, secrets);
            out.flush();
            length = counter.count;
            raf.seek(0);
            raf.write(MAGIC);
            raf.writeInt(FILE_FORMAT);
            raf.writeLong(length);
            raf.writeLong(crc.getValue());
            raf.getFD().sync();
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
