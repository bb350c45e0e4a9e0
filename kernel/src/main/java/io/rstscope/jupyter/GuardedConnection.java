package io.rstscope.jupyter;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.ShellChannel;
import io.github.spencerpark.jupyter.channels.ShellHandler;
import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.messages.HMACGenerator;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.publish.PublishStatus;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.zeromq.ZMQ;

/**
 * The library's connection with the shell and control channels replaced by ones that survive a bad
 * message.
 *
 * <p>jupyter-jvm-basekernel 2.3.0 reads each request on a loop thread that dies on the first
 * exception thrown while reading — a message with a bad HMAC signature, or one whose JSON cannot be
 * read — after which the kernel silently answers nothing. It also sleeps 50 ms between polls, which
 * a simple cell would pay on every request. Here each channel polls with a timeout, rejects (and
 * logs) a message it cannot trust, and goes on serving the next one. Heartbeat, stdin and iopub are
 * the library's.
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
        this.guardedShell = new GuardedChannel(context, hmac, false, this);
        this.guardedControl = new GuardedChannel(context, hmac, true, this);
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

    @Override
    public void waitUntilClose() {
        guardedShell.waitUntilClose();
        guardedControl.waitUntilClose();
        heartbeat.waitUntilClose();
    }

    /** A shell or control channel whose loop outlives a message it cannot read. */
    static final class GuardedChannel extends ShellChannel {
        private final boolean control;
        private final JupyterConnection connection;
        private volatile boolean running;
        private Thread loop;

        GuardedChannel(ZMQ.Context context, HMACGenerator hmac, boolean control, JupyterConnection connection) {
            super(context, hmac, control, connection);
            this.control = control;
            this.connection = connection;
        }

        @Override
        public void bind(KernelConnectionProperties p) {
            int port = control ? p.getControlPort() : p.getShellPort();
            super.bind(p.getTransport() + "://" + p.getIp() + ":" + port);
            ZMQ.Poller poller = ctx.poller(1);
            poller.register(this, ZMQ.Poller.POLLIN);
            running = true;
            loop = new Thread(() -> serve(poller), control ? "jupyter-control" : "jupyter-shell");
            loop.setDaemon(true);
            loop.start();
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
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
                if (events <= 0 || !running) {
                    continue;
                }
                Message<?> message;
                try {
                    message = readMessage();
                } catch (RuntimeException e) { // bad signature, unreadable JSON: reject, keep serving
                    LOG.log(Level.WARNING, "rejected a message: " + e.getMessage());
                    continue;
                }
                if (message == null) {
                    continue;
                }
                ShellHandler handler = connection.getHandler(message.getHeader().getType());
                if (handler == null) {
                    LOG.info("no handler for " + message.getHeader().getType().getName());
                    continue;
                }
                ShellReplyEnvironment env = connection.prepareReplyEnv(this, message);
                try {
                    handler.handle(env, message);
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "failed handling " + message.getHeader().getType().getName(), e);
                } finally {
                    env.resolveDeferrals();
                }
                if (env.isMarkedForShutdown()) {
                    running = false;
                    connection.close();
                }
            }
        }

        @Override
        public void close() {
            running = false;
            if (loop != null && Thread.currentThread() != loop) {
                try {
                    loop.join(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
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
