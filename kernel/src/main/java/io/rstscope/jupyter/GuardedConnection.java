package io.rstscope.jupyter;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.ShellChannel;
import io.github.spencerpark.jupyter.channels.ShellHandler;
import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.messages.HMACGenerator;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.publish.PublishStatus;
import io.github.spencerpark.jupyter.messages.reply.ErrorReply;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The library's connection with the shell and control channels replaced by ones that survive a bad
 * message, refuse a replayed one, and keep reading while a cell runs.
 *
 * <p>jupyter-jvm-basekernel 2.3.0 reads each request on a loop thread that dies on the first
 * exception thrown while reading — a message with a bad HMAC signature, or one whose JSON cannot be
 * read — after which the kernel silently answers nothing. It also sleeps 50 ms between polls, which
 * a simple cell would pay on every request, and runs each request on the thread that reads them, so
 * an {@code interrupt_request} sent on the shell channel (as VS Code did until late 2025) waits
 * behind the very cell it should stop. Here each channel polls with a timeout, rejects (and logs) a
 * message it cannot trust — a bad signature, or a signature seen before, which is a replay, as
 * jupyter_client's own Session refuses — and goes on serving the next one. On the shell channel the
 * requests run in order on a thread of their own, while the reading thread answers interrupts at
 * once; the socket itself is only ever used by the reading thread (ZeroMQ sockets are not
 * thread-safe), the others hand it their replies. Heartbeat, stdin and iopub are the library's.
 */
final class GuardedConnection extends JupyterConnection {

    private static final Logger LOG = Logger.getLogger(GuardedConnection.class.getName());

    private final KernelConnectionProperties props;
    private final ZMQ.Context context = ZMQ.context(1);
    private final GuardedChannel guardedShell;
    private final GuardedChannel guardedControl;
    private volatile boolean closed;

    GuardedConnection(KernelConnectionProperties props) throws NoSuchAlgorithmException, InvalidKeyException {
        super(props);
        this.props = props;
        HMACGenerator hmac = props.createHMACGenerator();
        Set<String> signatures = new Signatures();
        this.guardedShell = new GuardedChannel(context, hmac, false, this, signatures);
        this.guardedControl = new GuardedChannel(context, hmac, true, this, signatures);
    }

    @Override
    public void connect() {
        // Bind exactly the addresses of the connection file, nothing else.
        heartbeat.bind(props);
        guardedShell.bind(props);
        guardedControl.bind(props);
        stdin.bind(props);
        iopub.bind(props);
        iopub.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        guardedShell.close();
        guardedControl.close();
        super.close();
        context.close();
    }

    /** Whether shell requests are waiting or running: an interrupt may be meant for one about to start. */
    boolean requestsPending() {
        return guardedShell.pending.get() > 0;
    }

    @Override
    public void waitUntilClose() {
        guardedShell.waitUntilClose();
        guardedControl.waitUntilClose();
        heartbeat.waitUntilClose();
    }

    /**
     * The signatures of the messages received so far, on both channels: at most
     * {@link #CAPACITY}, the oldest tenth forgotten when full (jupyter_client's Session keeps its
     * digest history the same way). With no key there are no signatures and nothing is kept.
     */
    static final class Signatures extends LinkedHashSet<String> {
        private static final long serialVersionUID = 1L;
        static final int CAPACITY = 1 << 16;

        @Override
        public synchronized boolean add(String signature) {
            if (signature == null || signature.isEmpty()) {
                return true;
            }
            if (!super.add(signature)) {
                return false;
            }
            if (size() > CAPACITY) {
                Iterator<String> oldest = iterator();
                for (int i = 0; i < CAPACITY / 10 && oldest.hasNext(); i++) {
                    oldest.next();
                    oldest.remove();
                }
            }
            return true;
        }
    }

    /** A shell or control channel whose loop outlives a message it cannot read. */
    static final class GuardedChannel extends ShellChannel {
        private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);

        private final boolean control;
        private final JupyterConnection connection;
        private final Set<String> signatures;
        private final Queue<Message<?>> outbox = new ConcurrentLinkedQueue<>();
        private final ExecutorService requests;
        private final AtomicInteger pending = new AtomicInteger();
        private ZMQ.Socket wakeReader;
        private ZMQ.Socket wakeWriter;
        private volatile boolean running;
        private Thread loop;
        private boolean signatureNext;
        private String signature;

        GuardedChannel(ZMQ.Context context, HMACGenerator hmac, boolean control, JupyterConnection connection,
                       Set<String> signatures) {
            super(context, hmac, control, connection);
            this.control = control;
            this.connection = connection;
            this.signatures = signatures;
            this.requests = control ? null : Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "jupyter-shell-requests");
                t.setDaemon(true);
                return t;
            });
        }

        @Override
        public void bind(KernelConnectionProperties p) {
            int port = control ? p.getControlPort() : p.getShellPort();
            super.bind(p.getTransport() + "://" + p.getIp() + ":" + port);
            String wake = "inproc://rstscope-wake-" + UUID.randomUUID();
            wakeReader = ctx.socket(SocketType.PAIR);
            wakeReader.bind(wake);
            wakeWriter = ctx.socket(SocketType.PAIR);
            wakeWriter.connect(wake);
            ZMQ.Poller poller = ctx.poller(2);
            poller.register(this, ZMQ.Poller.POLLIN);
            poller.register(wakeReader, ZMQ.Poller.POLLIN);
            running = true;
            loop = new Thread(() -> serve(poller), control ? "jupyter-control" : "jupyter-shell");
            loop.setDaemon(true);
            loop.start();
        }

        /** Sends on the loop's thread; any other thread hands the message over and wakes the loop. */
        @Override
        public void sendMessage(Message<?> message) {
            if (Thread.currentThread() == loop) {
                super.sendMessage(message);
                return;
            }
            outbox.add(message);
            synchronized (wakeWriter) {
                wakeWriter.send(new byte[0], ZMQ.DONTWAIT);
            }
        }

        /** Notes the signature frame (the one after the delimiter) as the library reads a message. */
        @Override
        public byte[] recv(int flags) {
            byte[] frame = super.recv(flags);
            if (signatureNext) {
                signature = frame == null ? null : new String(frame, StandardCharsets.US_ASCII);
                signatureNext = false;
            } else if (Arrays.equals(frame, DELIMITER)) {
                signatureNext = true;
            }
            return frame;
        }

        private void serve(ZMQ.Poller poller) {
            while (running) {
                int events;
                try {
                    events = poller.poll(100);
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    throw e;
                }
                if (!running) {
                    break;
                }
                if (events > 0 && poller.pollin(1)) {
                    while (wakeReader.recv(ZMQ.DONTWAIT) != null) {
                        // drained: the messages are in the outbox
                    }
                }
                for (Message<?> m = outbox.poll(); m != null; m = outbox.poll()) {
                    super.sendMessage(m);
                }
                if (events > 0 && poller.pollin(0)) {
                    receive();
                }
            }
        }

        private void receive() {
            Message<?> message;
            signature = null;
            signatureNext = false;
            try {
                message = readMessage();
            } catch (RuntimeException e) { // bad signature, unreadable JSON: reject, keep serving
                LOG.log(Level.WARNING, "rejected a message: " + e.getMessage());
                return;
            }
            if (message == null) {
                return;
            }
            if (!signatures.add(signature)) {
                LOG.log(Level.WARNING, "rejected a replayed message (its signature was seen before): "
                        + message.getHeader().getType().getName());
                return;
            }
            if (control || message.getHeader().getType() == MessageType.INTERRUPT_REQUEST) {
                handle(message); // at once, even while a cell runs
            } else {
                pending.incrementAndGet();
                requests.execute(() -> {
                    try {
                        handle(message);
                    } finally {
                        pending.decrementAndGet();
                    }
                });
            }
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private void handle(Message<?> message) {
            MessageType<?> type = message.getHeader().getType();
            ShellHandler handler = connection.getHandler(type);
            if (handler == null) {
                LOG.info("no handler for " + type.getName());
                return;
            }
            ShellReplyEnvironment env = connection.prepareReplyEnv(this, message);
            try {
                handler.handle(env, message);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "failed handling " + type.getName(), e);
                String name = type.getName();
                if (name.endsWith("_request")) { // a reply, so that the client does not wait for ever
                    String m = name + " could not be handled: " + e;
                    MessageType<?> reply = MessageType.getType(name.substring(0, name.length() - "request".length()) + "reply");
                    env.replyError(reply.error(), new ErrorReply("ProtocolError", m, List.of(m)));
                }
            } finally {
                env.resolveDeferrals();
            }
            if (env.isMarkedForShutdown()) {
                running = false;
                connection.close();
            }
        }

        @Override
        public void close() {
            running = false;
            if (requests != null) {
                requests.shutdownNow();
            }
            if (loop != null && Thread.currentThread() != loop) {
                try {
                    loop.join(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            for (Message<?> m = outbox.poll(); m != null; m = outbox.poll()) {
                super.sendMessage(m); // the loop has ended: what the requests left to send, a shutdown reply
            }
            if (wakeReader != null) {
                wakeReader.close();
                wakeWriter.close();
            }
            super.close();
        }

        @Override
        public void waitUntilClose() {
            if (loop != null) {
                try {
                    loop.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
