package io.rstscope.capture;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Capture fixtures on the test classpath, under {@code captures/}. */
public final class Fixtures {

    private Fixtures() {
    }

    /** The fixture file {@code captures/<name>}. */
    public static Path capture(String name) {
        URL url = Fixtures.class.getResource("/captures/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no fixture captures/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a fixture with the default options. */
    public static CaptureData read(String name) {
        return CaptureReader.read(capture(name), ReadOptions.DEFAULT);
    }
}
