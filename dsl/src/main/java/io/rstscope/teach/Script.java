package io.rstscope.teach;

import io.rstscope.capture.CaptureWriter;
import io.rstscope.reset.Cause;
import io.rstscope.reset.Form;
import io.rstscope.reset.Origin;
import io.rstscope.reset.Sender;
import io.rstscope.reset.SeqCheck;
import io.rstscope.reset.Stage;
import io.rstscope.reset.Verdict;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a scenario plays: the frames of its conversations, merged in time order, and the label of each
 * RST, attached to the frame written just before the label.
 */
final class Script {

    /** 2024-03-01 10:00:00 UTC: every scenario starts here, so its bytes never change. */
    static final long T0 = 1_709_287_200_000_000_000L;
    static final long MS = 1_000_000L;
    static final long US = 1_000L;

    private static final class Frame {
        final long ts;
        final byte[] bytes;
        final int order;
        Label draft;

        Frame(long ts, byte[] bytes, int order) {
            this.ts = ts;
            this.bytes = bytes;
            this.order = order;
        }
    }

    private final List<Frame> frames = new ArrayList<>();

    /** What a played scenario came to: its pcap bytes and its labels in frame order. */
    record Played(byte[] pcap, List<Label> labels) {
    }

    private void add(long ts, byte[] bytes) {
        frames.add(new Frame(ts, bytes, frames.size()));
    }

    /** An IPv4 conversation whose frames go into this script. */
    Conversation ipv4(String client, int clientPort, String server, int serverPort, long start) {
        return Conversation.ipv4(this::add, client, clientPort, server, serverPort, start);
    }

    /** An IPv6 conversation whose frames go into this script. */
    Conversation ipv6(String client, int clientPort, String server, int serverPort, long start) {
        return Conversation.ipv6(this::add, client, clientPort, server, serverPort, start);
    }

    /** Labels the frame written last, which must be the RST the label is about. */
    void rst(Stage stage, Sender sender, Origin origin, Cause cause, Cause runnerUp, Verdict verdict, Form form,
             SeqCheck seqCheck, String note) {
        Frame last = frames.get(frames.size() - 1);
        if (last.draft != null) {
            throw new IllegalStateException("the last frame already has a label: " + last.draft);
        }
        last.draft = new Label(0, stage, sender, origin, cause, runnerUp, verdict, form, seqCheck, note);
    }

    /** Merges the conversations' frames by time (ties in the order written) and numbers them from 1. */
    Played finish() {
        List<Frame> sorted = new ArrayList<>(frames);
        sorted.sort(Comparator.comparingLong((Frame f) -> f.ts).thenComparingInt(f -> f.order));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Label> labels = new ArrayList<>();
        try (CaptureWriter w = CaptureWriter.pcap(out, CaptureWriter.LINKTYPE_ETHERNET)) {
            for (int i = 0; i < sorted.size(); i++) {
                Frame f = sorted.get(i);
                w.write(f.ts, f.bytes);
                if (f.draft != null) {
                    Label d = f.draft;
                    labels.add(new Label(i + 1, d.stage(), d.sender(), d.origin(), d.cause(), d.runnerUp(),
                            d.verdict(), d.form(), d.seqCheck(), d.note()));
                }
            }
        }
        return new Played(out.toByteArray(), List.copyOf(labels));
    }
}
