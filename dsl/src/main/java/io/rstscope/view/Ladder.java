package io.rstscope.view;

import io.rstscope.capture.PacketColumns;
import io.rstscope.flow.Direction;
import io.rstscope.flow.FlowColumns;
import io.rstscope.reset.Origin;
import io.rstscope.reset.ResetRow;
import io.rstscope.reset.Verdict;
import io.rstscope.store.PacketTables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One connection as a sequence (ladder) diagram: a lane for the client, one for the server, and one
 * for a device on the path when a reset came from one; each packet an arrow with its flags, relative
 * sequence and acknowledgment numbers (as Wireshark shows them: 0 at the SYN), payload length and
 * time; each RST drawn heavy, annotated with its cause and verdict. One model, two renderings:
 * {@link #text()} for terminals and {@link #svg()} for notebooks.
 *
 * <pre>{@code
 * Ladder l = cap.flows().state(REJ).first().ladder();
 * System.out.println(l);            // the text diagram
 * l.arrows().get(1).reset();        // true: the second packet is the RST
 * }</pre>
 *
 * <p>A long connection keeps its first and last {@value #EDGE} packets and every RST; the packets
 * left out are counted where they were.
 *
 * @param title   the connection: uid, ends, state and history
 * @param client  the client's address and port
 * @param server  the server's address and port
 * @param middlebox whether a reset came from a device on the path (a third lane)
 * @param arrows  the packets drawn, in capture order
 * @param packets how many packets the connection has
 */
public record Ladder(String title, String client, String server, boolean middlebox, List<Arrow> arrows, int packets) {

    /** Packets kept at each end of a long connection. */
    public static final int EDGE = 150;

    /** The widest the SVG grows: a classic notebook's output area at its default width, with room to spare. */
    public static final int SVG_WIDTH = 940;

    /** Copies the arrows. */
    public Ladder {
        arrows = List.copyOf(arrows);
    }

    /** A lane of the diagram. */
    public enum Lane {
        /** The client (originator). */
        CLIENT,
        /** A device on the path. */
        MIDDLEBOX,
        /** The server (responder). */
        SERVER
    }

    /**
     * One packet.
     *
     * @param frame   its frame number
     * @param seconds seconds since the connection's first packet
     * @param from    the lane it leaves
     * @param to      the lane it reaches
     * @param flags   its TCP flags, e.g. {@code SYN,ACK}
     * @param seq     its sequence number relative to its sender's ISN
     * @param ack     its acknowledgment number relative to the receiver's ISN, -1 without ACK
     * @param len     its payload length
     * @param reset   whether it is a RST
     * @param note    for a RST, its cause and verdict; else empty
     * @param verdict for a RST, its verdict; else {@code null}
     * @param skipped packets left out just before this one
     */
    public record Arrow(int frame, double seconds, Lane from, Lane to, String flags, long seq, long ack, int len,
                        boolean reset, String note, Verdict verdict, int skipped) {

        /** The arrow's label: {@code SYN,ACK seq=0 ack=1 len=0}. */
        public String label() {
            return flags + " seq=" + seq + (ack >= 0 ? " ack=" + ack : "") + " len=" + len;
        }
    }

    /**
     * The ladder of connection {@code flow} (a row of the flows table) from the packets and the resets
     * of its capture: {@code Ladder.of(data.packets(), cap.flowColumns(), 0, cap.resetRows(), "C1abc")}.
     */
    public static Ladder of(PacketColumns packets, FlowColumns flows, int flow, List<ResetRow> resets, String uid) {
        List<Integer> rows = new ArrayList<>();
        for (int row = 0; row < packets.size(); row++) {
            if (flows.flowOfPacket(row) == flow) {
                rows.add(row);
            }
        }
        Map<Long, ResetRow> byFrame = new HashMap<>();
        boolean middlebox = false;
        for (ResetRow r : resets) {
            if (r.flow() == flow) {
                byFrame.put(r.frame(), r);
                middlebox |= r.origin() == Origin.MIDDLEBOX;
            }
        }
        long[] base = {base(flows, packets, rows, flow, Direction.ORIG), base(flows, packets, rows, flow, Direction.RESP)};
        long start = rows.isEmpty() ? 0 : packets.ts(rows.get(0));
        List<Arrow> arrows = new ArrayList<>();
        int skipped = 0;
        for (int i = 0; i < rows.size(); i++) {
            int row = rows.get(i);
            ResetRow r = byFrame.get((long) packets.frame(row));
            if (i >= EDGE && i < rows.size() - EDGE && r == null) {
                skipped++;
                continue;
            }
            Direction d = flows.directionOfPacket(row);
            int s = d == Direction.ORIG ? 0 : 1;
            Lane sender = d == Direction.ORIG ? Lane.CLIENT : Lane.SERVER;
            Lane receiver = d == Direction.ORIG ? Lane.SERVER : Lane.CLIENT;
            Lane from = r != null && r.origin() == Origin.MIDDLEBOX ? Lane.MIDDLEBOX : sender;
            int f = packets.flags(row);
            long seq = relative(packets.seq(row), base[s]);
            long ack = (f & 0x10) != 0 ? relative(packets.ack(row), base[1 - s]) : -1;
            arrows.add(new Arrow(packets.frame(row), (packets.ts(row) - start) / 1e9, from, receiver,
                    PacketTables.flagText(f), seq, ack, packets.payloadLen(row), (f & 0x04) != 0,
                    r == null ? "" : Words.note(r), r == null ? null : r.verdict(), skipped));
            skipped = 0;
        }
        var a = flows.addresses();
        String client = Words.endpoint(a.text(flows.address(flow, Direction.ORIG)), flows.port(flow, Direction.ORIG));
        String server = Words.endpoint(a.text(flows.address(flow, Direction.RESP)), flows.port(flow, Direction.RESP));
        String title = uid + ": client " + client + " → server " + server + ", " + flows.connState(flow) + " ("
                + Words.state(flows.connState(flow)) + "), history " + flows.history(flow) + ", " + rows.size()
                + (rows.size() == 1 ? " packet" : " packets") + ", from " + Words.time(start);
        if (skipped > 0) {
            arrows.add(new Arrow(-1, 0, Lane.CLIENT, Lane.CLIENT, "", 0, -1, 0, false, "", null, skipped));
        }
        return new Ladder(title, client, server, middlebox, arrows, rows.size());
    }

    /** The side's ISN when its SYN was seen, else its first sequence number, else unknown (-1). */
    private static long base(FlowColumns flows, PacketColumns packets, List<Integer> rows, int flow, Direction d) {
        long isn = flows.isn(flow, d);
        if (isn != Long.MIN_VALUE) {
            return isn;
        }
        for (int row : rows) {
            if (flows.directionOfPacket(row) == d) {
                return Integer.toUnsignedLong(packets.seq(row));
            }
        }
        return -1;
    }

    private static long relative(int value, long base) {
        long v = Integer.toUnsignedLong(value);
        return base < 0 ? v : (v - base) & 0xffffffffL;
    }

    // ------------------------------------------------------------------ text

    /** The diagram in plain text, RSTs drawn with {@code =} and marked {@code **}: {@code System.out.println(l.text())}. */
    public String text() {
        int width = 40;
        for (Arrow a : arrows) {
            width = Math.max(width, a.label().length() + 12);
        }
        if (middlebox) {
            width = Math.max(width, 2 * (arrows.stream().mapToInt(x -> x.label().length()).max().orElse(0) + 8));
        }
        int mid = width / 2;
        StringBuilder sb = new StringBuilder(title).append("\n\n");
        String head = String.format(Locale.ROOT, "%12s  %-" + (width + 1) + "s%s", "time (s)", "client", "server");
        if (middlebox) {
            char[] h = head.toCharArray();
            String m = "middlebox";
            int at = 14 + mid - m.length() / 2;
            for (int i = 0; i < m.length() && at + i < h.length; i++) {
                h[at + i] = m.charAt(i);
            }
            head = new String(h);
        }
        sb.append(head.stripTrailing()).append('\n');
        for (Arrow a : arrows) {
            if (a.skipped() > 0) {
                sb.append(String.format(Locale.ROOT, "%12s  %s%n", "", center("... " + a.skipped() + " packets ...", width)));
            }
            if (a.frame() < 0) {
                continue;
            }
            int x1 = pos(a.from(), width, mid);
            int x2 = pos(a.to(), width, mid);
            char[] line = new char[width + 1];
            java.util.Arrays.fill(line, ' ');
            line[0] = '|';
            line[width] = '|';
            if (middlebox) {
                line[mid] = ':';
            }
            int lo = Math.min(x1, x2);
            int hi = Math.max(x1, x2);
            char body = a.reset() ? '=' : '-';
            for (int i = lo + 1; i < hi; i++) {
                line[i] = body;
            }
            if (x2 > x1) {
                line[hi - 1] = '>';
            } else {
                line[lo + 1] = '<';
            }
            String label = " " + a.label() + " ";
            int start = lo + 1 + Math.max(1, (hi - lo - 1 - label.length()) / 2);
            for (int i = 0; i < label.length() && start + i < hi - 1; i++) {
                line[start + i] = label.charAt(i);
            }
            sb.append(String.format(Locale.ROOT, "%12.6f  ", a.seconds())).append(line);
            if (a.reset()) {
                sb.append("  ** RST").append(a.note().isEmpty() ? "" : " " + a.note());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static int pos(Lane lane, int width, int mid) {
        return switch (lane) {
            case CLIENT -> 0;
            case MIDDLEBOX -> mid;
            case SERVER -> width;
        };
    }

    private static String center(String s, int width) {
        int pad = Math.max(0, (width - s.length()) / 2);
        return " ".repeat(pad) + s;
    }

    // ------------------------------------------------------------------ SVG

    /**
     * The diagram as an SVG image, RSTs red (or blue when genuine) with their cause: {@code l.svg()}. It
     * is at most {@value #SVG_WIDTH} px wide, what a notebook's output area holds at its default width,
     * so that it is drawn at its own size: the title and each RST's note wrap onto more lines rather
     * than run past the edge. Its {@code viewBox} lets a narrower window scale it down whole.
     */
    public String svg() {
        int left = 110;
        int client = left + 60;
        int server = middlebox ? client + 500 : client + 440;
        int mid = (client + server) / 2;
        int noteX = server + 12;
        int noteChars = charsWithin(SVG_WIDTH - noteX - 4, 12);
        List<String> titleLines = wrap(title, charsWithin(SVG_WIDTH - 16, 12));
        int width = noteX;
        for (String line : titleLines) {
            width = Math.max(width, 8 + textWidth(line, 12));
        }
        int top = 18 * titleLines.size();
        int y = top + 60;
        StringBuilder body = new StringBuilder();
        for (Arrow a : arrows) {
            if (a.skipped() > 0) {
                body.append(text(mid, y + 4, "middle", "#888", false, 12, "… " + a.skipped() + " packets …"));
                y += 24;
            }
            if (a.frame() < 0) {
                continue;
            }
            int x1 = switch (a.from()) {
                case CLIENT -> client;
                case MIDDLEBOX -> mid;
                case SERVER -> server;
            };
            int x2 = a.to() == Lane.CLIENT ? client : server;
            String color = a.reset() ? Words.color(a.verdict() == null ? Verdict.SUSPICIOUS : a.verdict()) : "#333";
            String marker = a.reset() ? "url(#head-" + color.substring(1) + ")" : "url(#head)";
            body.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"%s\" marker-end=\"%s\"/>",
                    x1, y, x2 + (x2 > x1 ? -2 : 2), y + 12, color, a.reset() ? "2.5" : "1.2", marker));
            body.append(text((x1 + x2) / 2, y - 4, "middle", color, a.reset(), 12, a.label()));
            body.append(text(left - 10, y + 10, "end", "#666", false, 11,
                    String.format(Locale.ROOT, "%.6f", a.seconds())));
            body.append(text(8, y + 10, "start", "#aaa", false, 10, "#" + a.frame()));
            int rowHeight = 30;
            if (a.reset()) {
                List<String> note = wrap("RST: " + a.note(), noteChars);
                for (int i = 0; i < note.size(); i++) {
                    body.append(text(noteX, y + 10 + 15 * i, "start", color, true, 12, note.get(i)));
                    width = Math.max(width, noteX + 4 + textWidth(note.get(i), 12));
                }
                rowHeight = Math.max(36, 15 * note.size() + 14);
            }
            y += rowHeight;
        }
        int height = y + 10;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"monospace\">", width, height, width, height));
        svg.append("<defs>").append(head("head", "#333"));
        for (Verdict v : Verdict.values()) {
            svg.append(head("head-" + Words.color(v).substring(1), Words.color(v)));
        }
        svg.append("</defs>");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        for (int i = 0; i < titleLines.size(); i++) {
            svg.append(text(8, 18 + 18 * i, "start", "#000", true, 12, titleLines.get(i)));
        }
        svg.append(text(client, top + 26, "middle", "#000", true, 13, "client " + this.client));
        svg.append(text(server, top + 26, "middle", "#000", true, 13, "server " + this.server));
        svg.append(lifeline(client, top + 36, height));
        svg.append(lifeline(server, top + 36, height));
        if (middlebox) {
            svg.append(text(mid, top + 26, "middle", "#d62728", true, 13, "middlebox"));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d62728\" "
                    + "stroke-dasharray=\"4 4\"/>", mid, top + 36, mid, height - 6));
        }
        svg.append(text(left - 10, top + 46, "end", "#666", false, 11, "time (s)"));
        svg.append(body).append("</svg>");
        return svg.toString();
    }

    /** The width of a monospace text in pixels, at 0.62 em per character (fonts differ a little), rounded up. */
    private static int textWidth(String s, int fontSize) {
        return (int) Math.ceil(s.length() * fontSize * 0.62);
    }

    /** How many monospace characters fit in {@code pixels}. */
    private static int charsWithin(int pixels, int fontSize) {
        return (int) (pixels / (fontSize * 0.62));
    }

    /**
     * {@code s} in lines of at most {@code chars} characters, broken after ", " where it can, else after
     * a space; a word longer than a line stands alone.
     */
    static List<String> wrap(String s, int chars) {
        List<String> lines = new ArrayList<>();
        String rest = s;
        while (rest.length() > chars) {
            int cut = rest.lastIndexOf(", ", chars - 1);
            int at = cut > 0 ? cut + 1 : rest.lastIndexOf(' ', chars);
            if (at <= 0) {
                at = rest.indexOf(' ');
                if (at < 0) {
                    break;
                }
            }
            lines.add(rest.substring(0, at).stripTrailing());
            rest = rest.substring(at).stripLeading();
        }
        lines.add(rest);
        return lines;
    }

    private static String head(String id, String color) {
        return "<marker id=\"" + id + "\" markerWidth=\"10\" markerHeight=\"8\" refX=\"9\" refY=\"4\" orient=\"auto\">"
                + "<path d=\"M0,0 L10,4 L0,8 z\" fill=\"" + color + "\"/></marker>";
    }

    private static String lifeline(int x, int top, int height) {
        return String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\" stroke-width=\"2\"/>",
                x, top, x, height - 6);
    }

    static String text(int x, int y, String anchor, String color, boolean bold, int size, String s) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" fill=\"%s\" font-size=\"%d\"%s>%s</text>",
                x, y, anchor, color, size, bold ? " font-weight=\"bold\"" : "", Words.escape(s));
    }

    /** The text rendering. */
    @Override
    public String toString() {
        return text();
    }
}
