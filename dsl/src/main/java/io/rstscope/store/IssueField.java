package io.rstscope.store;

import static tech.tablesaw.api.ColumnType.INTEGER;
import static tech.tablesaw.api.ColumnType.LONG;
import static tech.tablesaw.api.ColumnType.STRING;

import tech.tablesaw.api.ColumnType;

/** The columns of the {@code issues} table: packets that could not be fully decoded. */
public enum IssueField implements Field {
    FRAME("frame", INTEGER, false, "1-based packet number in the file"),
    TS("ts", LONG, false, "capture timestamp, nanoseconds since the epoch"),
    KIND("kind", STRING, false, "TRUNCATED (the snap length cut it), INVALID (a field cannot be valid) or UNSUPPORTED (link type not decoded)"),
    REASON("reason", STRING, false, "what is wrong, with the value seen and the limit"),
    OFFSET("offset", LONG, false, "byte offset of the packet's record in the file");

    private final String column;
    private final ColumnType type;
    private final boolean nullable;
    private final String doc;

    IssueField(String column, ColumnType type, boolean nullable, String doc) {
        this.column = column;
        this.type = type;
        this.nullable = nullable;
        this.doc = doc;
    }

    @Override
    public String column() {
        return column;
    }

    @Override
    public ColumnType type() {
        return type;
    }

    @Override
    public boolean nullable() {
        return nullable;
    }

    @Override
    public String doc() {
        return doc;
    }
}
