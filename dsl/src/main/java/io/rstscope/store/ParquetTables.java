package io.rstscope.store;

import io.rstscope.RstscopeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Util;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Reads flat Parquet files (what Spark writes for a table of plain columns) into a Tablesaw table:
 * INT32, INT64, DOUBLE, BOOLEAN and UTF-8 BINARY columns as Tablesaw's INTEGER, LONG, DOUBLE, BOOLEAN and
 * STRING, a null as a missing value; pages uncompressed, Snappy (Spark's default) or gzip. The file's
 * footer and pages are read here and decoded by Parquet's own column readers; no Hadoop is involved.
 *
 * <pre>{@code
 * Table flows = ParquetTables.read(Path.of("out/flows"));   // every part file under it, partition folders included
 * }</pre>
 */
public final class ParquetTables {

    private static final byte[] MAGIC = {'P', 'A', 'R', '1'};

    private ParquetTables() {
    }

    /**
     * The rows of every {@code .parquet} file under {@code dir} (or of the one file), in the order of
     * their paths; the files must have the same columns. A Hive partition folder ({@code day=2026-11-23})
     * adds nothing: its value is not a column here: {@code ParquetTables.read(Path.of("out/resets")).rowCount()}.
     */
    public static Table read(Path dir) {
        List<Path> files = files(dir);
        if (files.isEmpty()) {
            throw new RstscopeException(dir + ": no Parquet file in it");
        }
        Table out = null;
        for (Path f : files) {
            Table t = readFile(f);
            if (out == null) {
                out = t;
            } else if (!t.columnNames().equals(out.columnNames())) {
                throw new RstscopeException(f + ": its columns " + t.columnNames() + " differ from those of "
                        + files.get(0) + " " + out.columnNames());
            } else {
                out.append(t);
            }
        }
        return out;
    }

    /**
     * The {@code .parquet} files under {@code dir}, or {@code dir} itself when it is one, sorted by path:
     * {@code ParquetTables.files(Path.of("out/flows")).size()}.
     */
    public static List<Path> files(Path dir) {
        if (Files.isRegularFile(dir)) {
            return List.of(dir);
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One Parquet file as a table named after the file: {@code ParquetTables.readFile(Path.of("part-00000.parquet"))}. */
    public static Table readFile(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer tail = read(ch, size - 8, 8).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[4];
            tail.position(4);
            tail.get(magic);
            if (size < 12 || !java.util.Arrays.equals(magic, MAGIC)) {
                throw new RstscopeException(file + ": not a Parquet file (no PAR1 at its end)");
            }
            int footerLength = tail.getInt(0);
            FileMetaData meta = Util.readFileMetaData(new ByteArrayInputStream(
                    bytes(read(ch, size - 8 - footerLength, footerLength))));
            MessageType schema = schema(file, meta.getSchema());
            List<ColumnDescriptor> columns = schema.getColumns();
            List<Column<?>> out = new ArrayList<>();
            for (ColumnDescriptor c : columns) {
                out.add(emptyColumn(file, c));
            }
            for (RowGroup g : meta.getRow_groups()) {
                Map<List<String>, ColumnChunk> chunks = new HashMap<>();
                for (ColumnChunk cc : g.getColumns()) {
                    chunks.put(cc.getMeta_data().getPath_in_schema(), cc);
                }
                PageReadStore pages = new ChunkPages(ch, file, g.getNum_rows(), chunks);
                ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, new Ignored(columns.size()), schema,
                        meta.getCreated_by());
                for (int i = 0; i < columns.size(); i++) {
                    fill(out.get(i), store.getColumnReader(columns.get(i)), g.getNum_rows());
                }
            }
            return Table.create(file.getFileName().toString(), out);
        } catch (IOException e) {
            throw new RstscopeException(file + ": cannot read it as Parquet: " + e.getMessage(), e);
        }
    }

    private static MessageType schema(Path file, List<SchemaElement> elements) {
        List<Type> fields = new ArrayList<>();
        for (SchemaElement e : elements.subList(1, elements.size())) {
            if (e.isSetNum_children() || !e.isSetType()) {
                throw new RstscopeException(file + ": column " + e.getName()
                        + " is nested; only flat tables (as rstscope spark writes) are read");
            }
            Type.Repetition rep = e.getRepetition_type() == FieldRepetitionType.REQUIRED ? Type.Repetition.REQUIRED
                    : e.getRepetition_type() == FieldRepetitionType.OPTIONAL ? Type.Repetition.OPTIONAL
                    : Type.Repetition.REPEATED;
            PrimitiveTypeName type = switch (e.getType()) {
                case BYTE_ARRAY -> PrimitiveTypeName.BINARY;
                case FIXED_LEN_BYTE_ARRAY -> PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
                default -> PrimitiveTypeName.valueOf(e.getType().name());
            };
            fields.add(type == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY
                    ? new PrimitiveType(rep, type, e.getType_length(), e.getName())
                    : new PrimitiveType(rep, type, e.getName()));
        }
        return new MessageType(elements.get(0).getName(), fields);
    }

    private static Column<?> emptyColumn(Path file, ColumnDescriptor c) {
        String name = c.getPath()[0];
        if (c.getMaxRepetitionLevel() > 0) {
            throw new RstscopeException(file + ": column " + name + " is repeated; only flat tables are read");
        }
        return switch (c.getPrimitiveType().getPrimitiveTypeName()) {
            case INT32 -> IntColumn.create(name);
            case INT64 -> LongColumn.create(name);
            case DOUBLE -> DoubleColumn.create(name);
            case BOOLEAN -> BooleanColumn.create(name);
            case BINARY -> StringColumn.create(name);
            default -> throw new RstscopeException(file + ": column " + name + " is of Parquet type "
                    + c.getPrimitiveType().getPrimitiveTypeName() + "; only INT32, INT64, DOUBLE, BOOLEAN and BINARY are read");
        };
    }

    private static void fill(Column<?> col, ColumnReader r, long rows) {
        int present = r.getDescriptor().getMaxDefinitionLevel();
        for (long i = 0; i < rows; i++) {
            boolean has = r.getCurrentDefinitionLevel() == present;
            if (col instanceof IntColumn c) {
                if (has) c.append(r.getInteger()); else c.appendMissing();
            } else if (col instanceof LongColumn c) {
                if (has) c.append(r.getLong()); else c.appendMissing();
            } else if (col instanceof DoubleColumn c) {
                if (has) c.append(r.getDouble()); else c.appendMissing();
            } else if (col instanceof BooleanColumn c) {
                if (has) c.append(r.getBoolean()); else c.appendMissing();
            } else if (col instanceof StringColumn c) {
                if (has) c.append(r.getBinary().toStringUsingUTF8()); else c.appendMissing();
            }
            r.consume();
        }
    }

    private static ByteBuffer read(FileChannel ch, long at, int length) throws IOException {
        if (at < 0 || length < 0) {
            throw new IOException("a length beyond the file's start");
        }
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new IOException("the file ends at " + (at + b.position()) + ", before " + (at + length));
            }
        }
        return b.flip();
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }

    /** The pages of one row group's column chunks, read from the file as a column reader asks for them. */
    private record ChunkPages(FileChannel ch, Path file, long rows, Map<List<String>, ColumnChunk> chunks)
            implements PageReadStore {

        @Override
        public PageReader getPageReader(ColumnDescriptor c) {
            ColumnChunk cc = chunks.get(List.of(c.getPath()));
            if (cc == null) {
                throw new RstscopeException(file + ": no data for column " + String.join(".", c.getPath()));
            }
            try {
                return pages(cc.getMeta_data());
            } catch (IOException e) {
                throw new RstscopeException(file + ": cannot read column " + String.join(".", c.getPath()) + ": "
                        + e.getMessage(), e);
            }
        }

        @Override
        public long getRowCount() {
            return rows;
        }

        private PageReader pages(ColumnMetaData m) throws IOException {
            long start = m.getData_page_offset();
            if (m.isSetDictionary_page_offset() && m.getDictionary_page_offset() > 0
                    && m.getDictionary_page_offset() < start) {
                start = m.getDictionary_page_offset();
            }
            byte[] chunk = bytes(read(ch, start, Math.toIntExact(m.getTotal_compressed_size())));
            ByteArrayInputStream in = new ByteArrayInputStream(chunk);
            DictionaryPage dictionary = null;
            List<DataPage> data = new ArrayList<>();
            long values = 0;
            while (values < m.getNum_values() && in.available() > 0) {
                PageHeader h = Util.readPageHeader(in);
                byte[] body = in.readNBytes(h.getCompressed_page_size());
                switch (h.getType()) {
                    case DICTIONARY_PAGE -> {
                        var d = h.getDictionary_page_header();
                        dictionary = new DictionaryPage(BytesInput.from(decompress(m.getCodec(), body,
                                h.getUncompressed_page_size())), d.getNum_values(), encoding(d.getEncoding()));
                    }
                    case DATA_PAGE -> {
                        var d = h.getData_page_header();
                        data.add(new DataPageV1(BytesInput.from(decompress(m.getCodec(), body,
                                h.getUncompressed_page_size())), d.getNum_values(), h.getUncompressed_page_size(),
                                null, encoding(d.getRepetition_level_encoding()),
                                encoding(d.getDefinition_level_encoding()), encoding(d.getEncoding())));
                        values += d.getNum_values();
                    }
                    case DATA_PAGE_V2 -> {
                        var d = h.getData_page_header_v2();
                        int rl = d.getRepetition_levels_byte_length(), dl = d.getDefinition_levels_byte_length();
                        byte[] rest = java.util.Arrays.copyOfRange(body, rl + dl, body.length);
                        byte[] plain = d.isIs_compressed()
                                ? decompress(m.getCodec(), rest, h.getUncompressed_page_size() - rl - dl) : rest;
                        data.add(DataPageV2.uncompressed(d.getNum_rows(), d.getNum_nulls(), d.getNum_values(),
                                BytesInput.from(body, 0, rl), BytesInput.from(body, rl, dl), encoding(d.getEncoding()),
                                BytesInput.from(plain), null));
                        values += d.getNum_values();
                    }
                    default -> {
                        // index pages: nothing to read
                    }
                }
            }
            DictionaryPage dict = dictionary;
            long total = values;
            return new PageReader() {
                private int next;

                @Override
                public DictionaryPage readDictionaryPage() {
                    return dict;
                }

                @Override
                public long getTotalValueCount() {
                    return total;
                }

                @Override
                public DataPage readPage() {
                    return next < data.size() ? data.get(next++) : null;
                }
            };
        }

        private byte[] decompress(CompressionCodec codec, byte[] body, int length) throws IOException {
            return switch (codec) {
                case UNCOMPRESSED -> body;
                case SNAPPY -> Snappy.uncompress(body, length);
                case GZIP -> {
                    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
                        in.transferTo(out);
                        yield out.toByteArray();
                    }
                }
                default -> throw new IOException("compressed with " + codec + "; only uncompressed, SNAPPY (Spark's"
                        + " default) and GZIP pages are read");
            };
        }
    }

    private static Encoding encoding(org.apache.parquet.format.Encoding e) {
        return Encoding.valueOf(e.name());
    }

    /** Converters that are never called: the column readers are read directly. */
    private static final class Ignored extends GroupConverter {
        private final PrimitiveConverter[] children;

        Ignored(int n) {
            children = new PrimitiveConverter[n];
            for (int i = 0; i < n; i++) {
                children[i] = new PrimitiveConverter() {
                };
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return children[fieldIndex];
        }

        @Override
        public void start() {
        }

        @Override
        public void end() {
        }
    }

    /** Snappy's raw block format (what Parquet's SNAPPY pages hold), decoded in plain Java. */
    static final class Snappy {
        private Snappy() {
        }

        static byte[] uncompress(byte[] in, int expected) throws IOException {
            int pos = 0;
            long length = 0;
            for (int shift = 0; ; shift += 7) {
                if (pos >= in.length || shift > 28) {
                    throw new IOException("a Snappy block without its length");
                }
                int b = in[pos++] & 0xff;
                length |= (long) (b & 0x7f) << shift;
                if (b < 0x80) {
                    break;
                }
            }
            if (length != expected) {
                throw new IOException("a Snappy block of " + length + " bytes where the page says " + expected);
            }
            byte[] out = new byte[(int) length];
            int op = 0;
            try {
                while (pos < in.length) {
                    int tag = in[pos++] & 0xff;
                    int len;
                    int offset;
                    switch (tag & 3) {
                        case 0 -> {
                            len = tag >>> 2;
                            if (len >= 60) {
                                int n = len - 59;
                                len = 0;
                                for (int i = 0; i < n; i++) {
                                    len |= (in[pos++] & 0xff) << (8 * i);
                                }
                            }
                            len += 1;
                            System.arraycopy(in, pos, out, op, len);
                            pos += len;
                            op += len;
                            continue;
                        }
                        case 1 -> {
                            len = ((tag >>> 2) & 7) + 4;
                            offset = ((tag >>> 5) << 8) | (in[pos++] & 0xff);
                        }
                        case 2 -> {
                            len = (tag >>> 2) + 1;
                            offset = (in[pos] & 0xff) | (in[pos + 1] & 0xff) << 8;
                            pos += 2;
                        }
                        default -> {
                            len = (tag >>> 2) + 1;
                            offset = (in[pos] & 0xff) | (in[pos + 1] & 0xff) << 8 | (in[pos + 2] & 0xff) << 16
                                    | (in[pos + 3] & 0xff) << 24;
                            pos += 4;
                        }
                    }
                    if (offset <= 0 || offset > op) {
                        throw new IOException("a Snappy copy from before the block's start");
                    }
                    for (int i = 0; i < len; i++) {
                        out[op + i] = out[op - offset + i];
                    }
                    op += len;
                }
            } catch (ArrayIndexOutOfBoundsException e) {
                throw new IOException("a damaged Snappy block");
            }
            if (op != out.length) {
                throw new IOException("a Snappy block of " + op + " bytes where it says " + out.length);
            }
            return out;
        }
    }
}
