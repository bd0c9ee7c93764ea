package io.executions.runtime;

import io.executions.projections.LockOutGuard;
import io.executions.projections.ReadModels;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
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
import java.util.zip.CheckedInputStream;
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
    static final int FILE_FORMAT = 1;
    private static final int HEADER = MAGIC.length + 4 + 8 + 8;

    /** A loaded snapshot: the read models and the position they hold. */
    record Loaded(ReadModels models, GapAwareTrackingToken position) {
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

    /** The snapshot, or empty (with a warning when a file was there but could not be used). */
    Optional<Loaded> load(LockOutGuard guard) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            long[] lengthAndCrc = header();
            CRC32 crc = new CRC32();
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                raw.skipNBytes(HEADER);
                InputStream in = new CheckedInputStream(raw, crc);
                byte[] buffer = new byte[1 << 16];
                while (in.read(buffer) >= 0) {
                    // checksum first: nothing of a damaged file is parsed
                }
            }
            if (crc.getValue() != lengthAndCrc[1] || Files.size(file) != HEADER + lengthAndCrc[0]) {
                throw new IOException("checksum or length mismatch");
            }
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                in.skipNBytes(HEADER);
                long index = in.readLong();
                int gapCount = in.readInt();
                List<Long> gaps = new ArrayList<>(Math.min(gapCount, 1 << 16));
                for (int i = 0; i < gapCount; i++) {
                    gaps.add(in.readLong());
                }
                String eventId = in.readUTF();
                Optional<String> stored = eventAt.apply(index);
                if (stored.isEmpty() || !stored.get().equals(eventId)) {
                    LOG.warn("read-model snapshot {} was taken of another store (no event {} at position {}); "
                            + "replaying the whole store", file, eventId, index);
                    return Optional.empty();
                }
                ReadModels models = ReadModels.readSnapshot(in, guard, secrets);
                return Optional.of(new Loaded(models, GapAwareTrackingToken.newInstance(index, gaps)));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("read-model snapshot {} is unreadable or of an older version ({}); replaying the whole store",
                    file, e.toString());
            return Optional.empty();
        }
    }

    private long[] header() throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IOException("not a read-model snapshot");
            }
            int format = in.readInt();
            if (format != FILE_FORMAT) {
                throw new IOException("snapshot file format " + format + ", this version reads " + FILE_FORMAT);
            }
            return new long[]{in.readLong(), in.readLong()};
        }
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
            out.writeUTF(eventId.get());
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
