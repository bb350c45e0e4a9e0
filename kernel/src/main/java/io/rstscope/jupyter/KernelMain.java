package io.rstscope.jupyter;

import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Runs the kernel on the connection file Jupyter gives it ({@code kernel run CONNECTION_FILE}, the
 * kernelspec's argv), until a shutdown request or the death of the process that started it.
 */
public final class KernelMain {

    private KernelMain() {
    }

    /** Serves the connection described by {@code connectionFile}; returns the exit status. */
    public static int run(Path connectionFile) throws Exception {
        silenceLogging();
        KernelConnectionProperties props;
        try {
            props = KernelConnectionProperties.parse(Files.readString(connectionFile));
        } catch (IOException e) {
            System.err.println("rstscope kernel: cannot read the connection file " + connectionFile + ": " + e.getMessage());
            return 2;
        }
        watchParent();
        RstKernel kernel = new RstKernel();
        GuardedConnection connection = new GuardedConnection(props);
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        return 0;
    }

    /**
     * The library logs every request through java.util.logging at INFO, which lands on the kernel's
     * stderr and in the notebook server's log; nothing of it is meant for users.
     */
    static void silenceLogging() {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.OFF);
    }

    /**
     * Exits when the process that started the kernel dies (Jupyter names it in JPY_PARENT_PID), so
     * a crashed notebook server or console leaves no kernel JVM behind.
     */
    static void watchParent() {
        String pid = System.getenv("JPY_PARENT_PID");
        if (pid == null || pid.isBlank()) {
            return;
        }
        long parent;
        try {
            parent = Long.parseLong(pid.strip());
        } catch (NumberFormatException e) {
            return;
        }
        var handle = ProcessHandle.of(parent);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            System.exit(0);
        }
        handle.get().onExit().thenRun(() -> Runtime.getRuntime().halt(0));
    }
}
