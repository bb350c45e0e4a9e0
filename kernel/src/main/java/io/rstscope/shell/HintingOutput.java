package io.rstscope.shell;

import io.rstscope.eval.Evaluator;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The jshell tool's output with the notebook's "did you mean": after a compile error's
 * {@code |    symbol:   variable PORT_CLOSD} line it adds {@code |    did you mean PORT_CLOSED?} when a DSL
 * constant or column name is close (see {@link Evaluator#suggestion(String)}). The tool prints its
 * compile errors itself, so this is where the shell can add to them; every byte passes at once.
 *
 * <pre>{@code
 * PrintStream out = new PrintStream(new HintingOutput(System.out), true, StandardCharsets.UTF_8);
 * }</pre>
 */
final class HintingOutput extends FilterOutputStream {

    private static final Pattern SYMBOL = Pattern.compile("^(\\|\\s+)symbol:\\s+variable \\w+\\s*$");

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    HintingOutput(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        if (b != '\n') {
            line.write(b);
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        boolean cr = text.endsWith("\r");
        String bare = cr ? text.substring(0, text.length() - 1) : text;
        Matcher m = SYMBOL.matcher(bare);
        if (m.matches()) {
            String suggestion = Evaluator.suggestion(bare);
            if (suggestion != null) {
                out.write((m.group(1) + "did you mean " + suggestion + "?" + (cr ? "\r\n" : "\n")).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }
}
