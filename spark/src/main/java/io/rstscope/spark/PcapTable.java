package io.rstscope.spark;

import io.rstscope.capture.CaptureReader;
import io.rstscope.capture.DecodedPacket;
import io.rstscope.capture.ReadOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.apache.spark.unsafe.types.UTF8String;

/** The packets of a list of capture files: one input partition per file (see {@link PcapDataSource}). */
final class PcapTable implements SupportsRead {

    private final List<PcapFiles.Entry> files;

    PcapTable(List<PcapFiles.Entry> files) {
        this.files = files;
    }

    @Override
    public String name() {
        return "packets";
    }

    @Override
    @SuppressWarnings("deprecation")
    public StructType schema() {
        return PacketSchema.SCHEMA;
    }

    @Override
    public Set<TableCapability> capabilities() {
        return EnumSet.of(TableCapability.BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
        return () -> new FileScan(files);
    }

    /** The scan, its one batch and its partitions: one per file. */
    private record FileScan(List<PcapFiles.Entry> files) implements Scan, Batch {
        @Override
        public StructType readSchema() {
            return PacketSchema.SCHEMA;
        }

        @Override
        public Batch toBatch() {
            return this;
        }

        @Override
        public InputPartition[] planInputPartitions() {
            return files.stream().map(FilePartition::new).toArray(InputPartition[]::new);
        }

        @Override
        public PartitionReaderFactory createReaderFactory() {
            return (PartitionReaderFactory) p -> new FileReader(((FilePartition) p).file());
        }
    }

    /** One capture file to read. */
    private record FilePartition(PcapFiles.Entry file) implements InputPartition {
    }

    /**
     * Reads one file on an executor: the library's reader pushes decoded packets, so it runs on a thread
     * of its own and hands rows over in batches through a small queue; Spark pulls them.
     */
    private static final class FileReader implements PartitionReader<InternalRow> {
        private static final int BATCH = 4096;
        private static final List<InternalRow> END = new ArrayList<>();

        private final BlockingQueue<List<InternalRow>> queue = new ArrayBlockingQueue<>(8);
        private final Thread thread;
        private volatile Throwable failure;
        private List<InternalRow> batch = List.of();
        private int next;
        private InternalRow current;
        private boolean ended;

        FileReader(PcapFiles.Entry file) {
            UTF8String sensor = UTF8String.fromString(file.sensor());
            UTF8String name = UTF8String.fromString(file.path());
            thread = new Thread(() -> {
                List<InternalRow>[] out = new List[] {new ArrayList<InternalRow>(BATCH)};
                long[] clock = {Long.MIN_VALUE};
                try {
                    CaptureReader.read(Path.of(file.path()), ReadOptions.DEFAULT.withoutPackets(), (DecodedPacket p) -> {
                        if (!p.tcp()) {
                            return;
                        }
                        clock[0] = Math.max(clock[0], p.tsNanos());
                        out[0].add(PacketSchema.row(sensor, name, file.index(), p, clock[0]));
                        if (out[0].size() == BATCH) {
                            put(out[0]);
                            out[0] = new ArrayList<>(BATCH);
                        }
                    });
                    if (!out[0].isEmpty()) {
                        put(out[0]);
                    }
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    try {
                        queue.put(END);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }, "rstscope-pcap-reader");
            thread.setDaemon(true);
            thread.start();
        }

        private void put(List<InternalRow> rows) {
            try {
                queue.put(rows);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the read was closed", e);
            }
        }

        @Override
        public boolean next() {
            while (!ended && next == batch.size()) {
                try {
                    List<InternalRow> b = queue.poll(1, TimeUnit.SECONDS);
                    if (b == END) {
                        ended = true;
                    } else if (b != null) {
                        batch = b;
                        next = 0;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reading a capture", e);
                }
            }
            if (ended && next == batch.size()) {
                if (failure instanceof RuntimeException e) {
                    throw e;
                }
                if (failure != null) {
                    throw new IllegalStateException(failure);
                }
                return false;
            }
            current = batch.get(next++);
            return true;
        }

        @Override
        public InternalRow get() {
            return current;
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }
}
