package io.rstscope.jupyter;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.JupyterInputStream;
import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.history.HistoryManager;
import io.github.spencerpark.jupyter.messages.Header;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.publish.PublishDisplayData;
import io.github.spencerpark.jupyter.messages.publish.PublishError;
import io.github.spencerpark.jupyter.messages.publish.PublishExecuteInput;
import io.github.spencerpark.jupyter.messages.publish.PublishExecuteResult;
import io.github.spencerpark.jupyter.messages.publish.PublishUpdateDisplayData;
import io.github.spencerpark.jupyter.messages.reply.ErrorReply;
import io.github.spencerpark.jupyter.messages.reply.ExecuteReply;
import io.github.spencerpark.jupyter.messages.reply.KernelInfoReply;
import io.github.spencerpark.jupyter.messages.request.ExecuteRequest;
import io.github.spencerpark.jupyter.kernel.history.HistoryEntry;
import io.github.spencerpark.jupyter.messages.request.CommInfoRequest;
import io.github.spencerpark.jupyter.messages.request.HistoryRequest;
import io.github.spencerpark.jupyter.messages.request.InterruptRequest;
import io.github.spencerpark.jupyter.messages.request.KernelInfoRequest;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Set;
import io.rstscope.view.Html;
import io.rstscope.display.Renderers;
import io.rstscope.display.Rendering;
import io.rstscope.eval.CellResult;
import io.rstscope.eval.Completeness;
import io.rstscope.eval.Completion;
import io.rstscope.eval.Documentation;
import io.rstscope.eval.Evaluator;
import io.rstscope.eval.Host;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The rstscope Jupyter kernel: the protocol side only. Cells go to an {@link Evaluator}; results come
 * back through {@link Renderers}; magics come first.
 *
 * <p>The session starts on a background thread as the kernel connects, so a client's
 * {@code kernel_info_request} is answered at once; the first cell waits for the session.
 */
public final class RstKernel extends BaseKernel {

    static final String VERSION = "0.1.0";

    private final Renderers renderers = Renderers.standard();
    private final CellOutput output = new CellOutput();
    private final JupyterInputStream input = new JupyterInputStream(StandardCharsets.UTF_8);
    private final History history = new History();
    private final CompletableFuture<Evaluator> session;
    private volatile ShellReplyEnvironment cellEnv;
    private volatile GuardedConnection connection;

    /** How long an interrupt waits for a cell about to start. */
    static final long INTERRUPT_WAIT_MILLIS = 1000;

    /** Starts the session in the background. */
    public RstKernel() {
        setShouldReplaceStdStreams(false);
        session = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                Host.ProgressFactory displays = new Host.ProgressFactory() {
                    @Override
                    public Host.Progress start(Path file) {
                        return progress(file);
                    }

                    @Override
                    public Host.Display display() {
                        return liveDisplay();
                    }

                    @Override
                    public void show(Object value, String id, boolean update) {
                        showValue(value, id, update);
                    }
                };
                Evaluator ev = Evaluator.start(input, output.out(), output.err(), displays);
                ev.eval("1"); // compiles a first snippet now rather than in the user's first cell
                session.complete(ev);
            } catch (Throwable t) {
                session.completeExceptionally(t);
            }
        }, "rstscope-session-start");
        starter.setDaemon(true);
        starter.start();
    }

    private Evaluator evaluator() {
        return session.join();
    }

    @Override
    public void becomeHandlerForConnection(JupyterConnection connection) {
        super.becomeHandlerForConnection(connection);
        if (connection instanceof GuardedConnection g) {
            this.connection = g;
        }
        connection.setHandler(MessageType.EXECUTE_REQUEST, this::execute);
        connection.setHandler(MessageType.KERNEL_INFO_REQUEST, this::kernelInfo);
        connection.setHandler(MessageType.HISTORY_REQUEST, this::history);
        connection.setHandler(MessageType.COMM_INFO_REQUEST, this::commInfo);
        connection.setHandler(MessageType.INTERRUPT_REQUEST, this::interruptRequest);
    }

    /** Interrupts, on the control channel or the shell one; the library's reply has no {@code status}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void interruptRequest(ShellReplyEnvironment env, Message<InterruptRequest> message) {
        env.setBusyDeferIdle();
        interrupt();
        env.reply(new Message(message, MessageType.INTERRUPT_REPLY, Map.of("status", "ok")));
    }

    /**
     * The comms open: none, as this kernel offers no comm target (an unknown {@code comm_open} is
     * answered with a {@code comm_close}). The library's reply has no {@code status}, which
     * JupyterLab and VS Code wait for.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void commInfo(ShellReplyEnvironment env, Message<CommInfoRequest> message) {
        env.setBusyDeferIdle();
        Map<String, Object> comms = new LinkedHashMap<>();
        getCommManager().forEach(c -> comms.put(c.getID(), Map.of("target_name", c.getTargetName())));
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("status", "ok");
        content.put("comms", comms);
        env.reply(new Message(message, MessageType.COMM_INFO_REPLY, content));
    }

    /**
     * History entries go out as the protocol's {@code [session, line, input]} triples: the library's
     * reply serializes them as objects, which consoles cannot read.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void history(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        HistoryRequest request = message.getContent();
        env.setBusyDeferIdle();
        Set<HistoryManager.ResultFlag> flags = EnumSet.noneOf(HistoryManager.ResultFlag.class);
        if (request.includeOutput()) {
            flags.add(HistoryManager.ResultFlag.INCLUDE_OUTPUT);
        }
        List<HistoryEntry> entries = switch (request.getAccessType()) {
            case TAIL -> history.lookupTail(((HistoryRequest.Tail) request).getMaxReturnLength(), flags);
            case RANGE -> {
                HistoryRequest.Range r = (HistoryRequest.Range) request;
                yield history.lookupRange(r.getSessionIndex(), r.getStart(), r.getStop(), flags);
            }
            case SEARCH -> {
                HistoryRequest.Search r = (HistoryRequest.Search) request;
                if (r.filterUnique()) {
                    flags.add(HistoryManager.ResultFlag.UNIQUE);
                }
                yield history.search(r.getPattern(), r.getMaxReturnLength(), flags);
            }
        };
        List<List<Object>> triples = new ArrayList<>();
        for (HistoryEntry e : entries) {
            Object input = e.hasOutput() ? List.of(e.getInput(), e.getOutput()) : e.getInput();
            triples.add(List.of(e.getSession(), e.getCellNumber(), input));
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("status", "ok");
        content.put("history", triples);
        env.reply(new Message(message, MessageType.HISTORY_REPLY, content));
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return new LanguageInfo.Builder("java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("text/x-java")
                .build();
    }

    @Override
    public String getBanner() {
        return "rstscope " + VERSION + " on Java " + Runtime.version().feature()
                + " — %open FILE opens a capture; then flows(), resets(), packets(), issues()";
    }

    @Override
    public HistoryManager getHistoryManager() {
        return history;
    }

    /**
     * The library's reply, valid for clients of protocol 5.3 to 5.5: with the {@code status} modern
     * clients look for, and no optional features ({@code supported_features}, JEP 92; the older
     * {@code debugger} flag for clients from before it).
     */
    static final class KernelInfo extends KernelInfoReply {
        @SuppressWarnings("unused")
        private final String status = "ok";
        @SuppressWarnings("unused")
        private final List<String> supported_features = List.of();
        @SuppressWarnings("unused")
        private final boolean debugger = false;

        KernelInfo(String implementation, String version, LanguageInfo info, String banner) {
            super(Header.PROTOCOL_VERISON, implementation, version, info, banner, List.of());
        }
    }

    private void kernelInfo(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        env.setBusyDeferIdle();
        env.reply(new KernelInfo("rstscope", VERSION, getLanguageInfo(), getBanner()));
    }

    private void execute(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        env.setBusyDeferIdle();
        if (request == null || request.getCode() == null) {
            String m = "execute_request: the content has no \"code\" (the cell's text, a string)";
            ErrorReply error = new ErrorReply("ProtocolError", m, List.of(m));
            env.replyError(ExecuteReply.MESSAGE_TYPE.error(), error);
            return;
        }
        int count = executionCount.getAndIncrement();
        env.publish(new PublishExecuteInput(request.getCode(), count));
        input.setEnv(env);
        input.setEnabled(request.isStdinEnabled());
        cellEnv = env;
        output.begin(env);
        CellResult result;
        try {
            result = Magics.run(request.getCode(), evaluator(), output.out());
        } catch (RuntimeException e) {
            result = new CellResult.Failure(e.getClass().getSimpleName(), String.valueOf(e.getMessage()),
                    List.of(e.toString()));
        } finally {
            output.end();
            cellEnv = null;
            input.retractEnv(env);
        }
        String shown = "";
        if (result instanceof CellResult.Value v) {
            Rendering r = renderers.render(v.value(), v.text());
            env.publish(new PublishExecuteResult(count, toDisplay(r)));
            shown = r.plain();
        }
        if (result instanceof CellResult.Failure f) {
            fail(env, count, f.name(), f.message(), f.lines());
        } else if (result instanceof CellResult.Interrupted i) {
            fail(env, count, "Interrupted", i.message(), List.of(i.message()));
        } else {
            env.reply(new ExecuteReply(count, Map.of()));
        }
        history.add(count, request.getCode(), shown);
    }

    private void fail(ShellReplyEnvironment env, int count, String name, String message, List<String> lines) {
        env.publish(new PublishError(name, message, lines));
        ErrorReply error = new ErrorReply(name, message, lines);
        error.setExecutionCount(count);
        env.replyError(ExecuteReply.MESSAGE_TYPE.error(), error);
    }

    static DisplayData toDisplay(Rendering r) {
        DisplayData d = new DisplayData();
        r.data().forEach(d::putData);
        return d;
    }

    /** A display that shows a long read's progress and is updated in place, ending with the summary. */
    private Host.Progress progress(Path file) {
        return new Host.Progress() {
            private final String id = "rstscope-progress-" + UUID.randomUUID();
            private final long startNanos = System.nanoTime();
            private boolean shown;
            private long lastNanos;

            @Override
            public void update(long packets, long bytesRead, long size) {
                long now = System.nanoTime();
                if (!shown && now - startNanos < 300_000_000L || shown && now - lastNanos < 200_000_000L) {
                    return; // a short read shows nothing; a long one updates at most five times a second
                }
                lastNanos = now;
                String text = "reading " + file.getFileName() + ": " + percent(bytesRead, size) + " ("
                        + String.format("%,d", packets) + " packets)";
                show(Rendering.text(text).withHtml("<div class=\"rstscope-progress\"><progress max=\"100\" value=\""
                        + (size > 0 ? bytesRead * 100 / size : 0) + "\"></progress> " + Html.escape(text) + "</div>"));
            }

            @Override
            public void finish(String summary) {
                if (shown) {
                    show(Rendering.text(summary).withHtml("<div class=\"rstscope-progress\">" + Html.escape(summary) + "</div>"));
                }
            }

            private void show(Rendering r) {
                ShellReplyEnvironment env = cellEnv;
                if (env == null) {
                    return;
                }
                output.flush();
                DisplayData d = toDisplay(r);
                d.setDisplayId(id);
                publish(env, d, shown);
                shown = true;
            }
        };
    }

    /** {@code display(value)} mid-cell: rendered as a result is, published at once (in place of display {@code id} when updating). */
    private void showValue(Object value, String id, boolean update) {
        ShellReplyEnvironment env = cellEnv;
        if (env == null) {
            return; // a thread left running by an ended cell: there is no cell to show it in
        }
        output.flush();
        DisplayData d = toDisplay(renderers.render(value, String.valueOf(value)));
        if (id != null) {
            d.setDisplayId(id);
        }
        publish(env, d, update);
    }

    private static void publish(ShellReplyEnvironment env, DisplayData d, boolean update) {
        if (update) {
            env.publish(new PublishUpdateDisplayData(d));
        } else {
            env.publish(new PublishDisplayData(d));
        }
    }

    /** A display of a running capture (%capture), updated in place: one display_id, updates at most once a second. */
    private Host.Display liveDisplay() {
        String id = "rstscope-live-" + UUID.randomUUID();
        boolean[] shown = {false};
        return (text, html) -> {
            ShellReplyEnvironment env = cellEnv;
            if (env == null) {
                return;
            }
            output.flush();
            DisplayData d = toDisplay(Rendering.text(text).withHtml(html));
            d.setDisplayId(id);
            publish(env, d, shown[0]);
            shown[0] = true;
        };
    }

    private static String percent(long done, long total) {
        return total <= 0 ? "?" : Math.min(100, done * 100 / total) + "%";
    }

    @Override
    public DisplayData eval(String code) {
        CellResult r = Magics.run(code, evaluator(), output.out());
        return r instanceof CellResult.Value v ? toDisplay(renderers.render(v.value(), v.text())) : null;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        String line = code.substring(code.lastIndexOf('\n', Math.max(0, at - 1)) + 1, at);
        if (line.startsWith("%") && !line.contains(" ")) {
            List<String> names = new ArrayList<>();
            for (String m : Magics.NAMES) {
                if (m.startsWith(line)) {
                    names.add(m);
                }
            }
            return new ReplacementOptions(names, at - line.length(), at);
        }
        Completion c = evaluator().complete(code, at);
        return new ReplacementOptions(c.candidates(), c.start(), c.end());
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        List<Documentation> docs = evaluator().documentation(code, at);
        if (docs.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder();
        for (Documentation d : docs) {
            text.append(d.signature()).append('\n');
            html.append("<pre>").append(Html.escape(d.signature())).append("</pre>");
            if (!d.javadoc().isEmpty()) {
                text.append('\n').append(d.javadoc()).append("\n\n");
                html.append("<div>").append(Html.escape(d.javadoc())).append("</div>");
            }
        }
        return toDisplay(Rendering.text(text.toString().strip()).withHtml(html.toString()));
    }

    @Override
    public String isComplete(String code) {
        Completeness c = session.isDone() && !session.isCompletedExceptionally()
                ? session.join().completeness(code) : Completeness.guess(code);
        return switch (c.state()) {
            case COMPLETE -> IS_COMPLETE_YES;
            case INVALID -> IS_COMPLETE_BAD;
            case UNKNOWN -> IS_COMPLETE_MAYBE;
            case INCOMPLETE -> c.indent();
        };
    }

    /**
     * Stops the running cell. An interrupt may come just before the cell it is meant for has started
     * (the client sent both; a loaded machine had not begun the cell yet): while shell requests are
     * pending, it waits up to {@link #INTERRUPT_WAIT_MILLIS} for a cell to start, rather than be lost.
     */
    @Override
    public void interrupt() {
        long deadline = System.nanoTime() + INTERRUPT_WAIT_MILLIS * 1_000_000;
        while (true) {
            if (session.isDone() && !session.isCompletedExceptionally() && session.join().busy()) {
                session.join().interrupt();
                return;
            }
            GuardedConnection c = connection;
            if (c == null || !c.requestsPending() || System.nanoTime() > deadline) {
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        output.close();
        if (session.isDone() && !session.isCompletedExceptionally()) {
            session.join().close();
        }
    }
}
