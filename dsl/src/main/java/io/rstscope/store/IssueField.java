package io.rstscope.store;

import static tech.tablesaw.api.ColumnType.INTEGER;
import static tech.tablesaw.api.ColumnType.LONG;
import static tech.tablesaw.api.ColumnType.STRING;

import tech.tablesaw.api.ColumnType;

/** The columns of the {@code issues} table: packets that could not be fully decoded. */
public enum IssueField implements Field {
    FRAME("frame", INTEGER, false, "1-based packet number in the file"),
    TS("ts", LONG, false, "capture timestamp, nanoseconds since the epoch"),
    KIND("kind", STRING, false, "TRUNCATED (the snap length cut it), INVALID (a field cannot be valid), TOO_DEEP (headers nested past a limit: not decoded further) or UNSUPPORTED (link type not decoded)"),
    REASON("reason", STRING, false, "what is wrong, with the value seen and the limit"),
    OFFSET("offset", LONG, false, "byte offset of the packet's record in the file");

    private final Spec spec;

    IssueField(String column, ColumnType type, boolean nullable, String doc) {
        this.spec = new Spec(column, type, nullable, doc);
    }

    @Override
    public Spec spec() {
        return spec;
    }
}
